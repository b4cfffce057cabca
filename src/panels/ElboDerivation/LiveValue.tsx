/** The live numbers of the ELBO / objective panel, beside the chosen digit. */
import type { ReactNode } from 'react';
import { formatNats } from '../../components/format';

/** A live number in nats with its raw value in data-value for tests and tools. */
export function LiveValue({ testId, value, label }: { testId?: string; value: number | null; label: string }) {
  return (
    <div className="live-value">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={value ?? undefined}>
        {formatNats(value)}
        <span className="unit"> nats</span>
      </dd>
    </div>
  );
}

/** The grey box: the chosen digit beside its live numbers. */
export function LiveBox({ figure, ready, children }: { figure: ReactNode; ready: boolean; children: ReactNode }) {
  return (
    <div className="elbo-live">
      {figure}
      <dl className="live-values" aria-live="off">
        {children}
      </dl>
      {!ready && <p className="hint">Numbers appear with the next training step.</p>}
    </div>
  );
}
