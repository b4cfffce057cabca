/** The first screen: the latent scatter beside the loss chart, visible with Train and the main knob. */
import type { LabView } from '../labView';
import { LatentSpaceCard, LossCard } from '../panelViews';

export function FirstScreen({ view }: { view: LabView }) {
  return (
    <div className="lab-grid first-screen">
      <LatentSpaceCard view={view} />
      <LossCard view={view} />
    </div>
  );
}
