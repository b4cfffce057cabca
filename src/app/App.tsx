/** The page: header, controls, notices, the first screen, the sections of panels and the status bar, wired to the lab store (or, embedded, the chosen panels alone). */
import { useEffect, useRef } from 'react';
import { DATASETS } from '../ml/data/datasets';
import { MODEL_FAMILIES } from '../ml/models/family';
import { ControlsPanel } from '../panels/Controls/Panel';
import { StatusBarPanel } from '../panels/StatusBar/Panel';
import type { LabStore } from '../state/labStore';
import { useLab } from '../state/useLab';
import { LabStoreContext } from '../state/useView';
import { EmbedLab } from './EmbedLab';
import { Header } from './Header';
import { labView } from './labView';
import { LessonPanel } from './LessonPanel';
import { useLabShortcuts } from './shortcuts';
import { useShortcuts } from './useShortcuts';
import { DeviceLostNotice, LabAlerts, LastSessionOffer, LoadingNotice, ModelNotice, UrlNotes } from './Notices';
import { BoundSection } from './sections/BoundSection';
import { ExploreSection } from './sections/ExploreSection';
import { FirstScreen } from './sections/FirstScreen';
import { OutputsSection } from './sections/OutputsSection';
import { TradeOffSection } from './sections/TradeOffSection';

export function App({ store }: { store: LabStore }) {
  const state = useLab(store);
  const view = labView(state, store);
  const { settings, error } = state;
  const shortcutsDialog = useRef<HTMLDialogElement>(null);
  const shortcuts = useLabShortcuts(store, settings.lesson, shortcutsDialog);
  useShortcuts(shortcuts, settings.present);
  useEffect(() => {
    document.documentElement.classList.toggle('lecture', settings.present);
  }, [settings.present]);
  const { model, controls, record, snapshot } = view;
  const datasetTitle = DATASETS[settings.dataset].title;
  const load = state.loads[settings.dataset] ?? null;
  const trainShardsArriving = load !== null && load.loadedBytes < load.totalBytes;
  const loading = (controls.phase === 'loading' || trainShardsArriving) && error?.source !== 'data';
  const workerRun = state.worker?.run ?? null;
  const runTitle = workerRun ? `${MODEL_FAMILIES[workerRun.model].title} on ${DATASETS[workerRun.dataset].title}` : `Loading ${MODEL_FAMILIES[model].title} on ${datasetTitle}…`;

  if (settings.embed) {
    return (
      <LabStoreContext.Provider value={store}>
        <EmbedLab view={view} runTitle={runTitle} />
      </LabStoreContext.Provider>
    );
  }
  return (
    <LabStoreContext.Provider value={store}>
      <div className="app">
        <Header
          lesson={settings.lesson}
          present={settings.present}
          shortcuts={shortcuts}
          shortcutsDialog={shortcutsDialog}
          onLesson={store.openLesson}
          onPresent={store.setPresent}
        />
        <ControlsPanel
          settings={settings}
          controls={controls}
          pending={state.pendingArchitecture}
          onToggleTraining={store.toggleTraining}
          onStep={store.step}
          onReset={store.reset}
          onModel={store.selectModel}
          onDataset={store.selectDataset}
          onHyper={store.setHyper}
          onArchitecture={store.requestArchitecture}
          onConfirmArchitecture={store.confirmArchitecture}
          onCancelArchitecture={store.cancelArchitecture}
          onLoadTrained={store.loadTrained}
          models={{
            saved: state.savedModels,
            busy: state.modelBusy,
            canSave: controls.canReset && controls.phase !== 'failed',
            onOpenFold: () => void store.models.refreshList(),
            onSave: (name) => void store.models.save(name),
            onOpen: (id) => void store.models.openSaved(id),
            onDelete: (id) => void store.models.remove(id),
            onDownload: store.models.download,
            onOpenFiles: (files) => void store.models.openFiles(files),
          }}
        />
        {settings.lesson !== null && (
          <LessonPanel step={settings.lesson} revealed={state.lessonRevealed} onGo={store.openLesson} onReveal={store.revealAnswer} onClose={store.closeLesson} />
        )}
        <div className="notices">
          {loading && <LoadingNotice load={load} title={datasetTitle} waitingFor={controls.waitingFor} />}
          <LabAlerts state={state} store={store} />
          {state.deviceLost && <DeviceLostNotice event={state.deviceLost} />}
          {state.modelBusy && (
            <div className="notice" role="status">
              <p>{state.modelBusy}</p>
            </div>
          )}
          {state.lastSession && (
            <LastSessionOffer session={state.lastSession} busy={state.modelBusy !== null} onRestore={() => void store.models.restoreLastSession()} onDismiss={store.models.dismissLastSession} />
          )}
          {state.modelNotice && <ModelNotice notice={state.modelNotice} onDismiss={store.models.dismissNotice} />}
          {state.urlNotes.length > 0 && <UrlNotes notes={state.urlNotes} onDismiss={store.dismissUrlNotes} />}
        </div>
        <main className="lab-main">
          <FirstScreen view={view} />
          <ExploreSection view={view} />
          <BoundSection view={view} />
          <TradeOffSection view={view} />
          <OutputsSection view={view} />
        </main>
        <StatusBarPanel
          runTitle={runTitle}
          model={model}
          snapshot={snapshot}
          controls={controls}
          backend={state.backend}
          latestEvaluation={record.evaluations.at(-1) ?? null}
          trainImagesArriving={load && trainShardsArriving ? load.trainImages : null}
        />
      </div>
    </LabStoreContext.Provider>
  );
}
