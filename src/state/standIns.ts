/**
 * What stands in for the page's selected test digits: the drawn digit (for any role) or a latent point pinned on the
 * scatter (for an endpoint). Pure functions over the page's choice; the worker gets the result in its ProbeSelection.
 */
import type { InterpolationKind, ProbeSelection, ProbeStandIn } from '../worker/protocol';
import type { ProbeRole, StandIns } from './labState';

/** The stand-ins after a patch of test digits: a role given a test digit drops its stand-in. */
export function afterPickingDigits(standIns: StandIns, patch: Partial<Pick<ProbeSelection, 'elboIndex' | 'interpolationA' | 'interpolationB'>>): StandIns {
  const next: StandIns = { ...standIns };
  if (patch.elboIndex !== undefined) delete next.elbo;
  if (patch.interpolationA !== undefined) delete next.interpolationA;
  if (patch.interpolationB !== undefined) delete next.interpolationB;
  return next;
}

/** The stand-ins with `role` given `standIn` (null: back to its test digit); the ELBO digit takes only the drawn digit. */
export function withStandIn(standIns: StandIns, role: ProbeRole, standIn: ProbeStandIn | null): StandIns {
  const next: StandIns = { ...standIns };
  if (standIn === null) delete next[role];
  else if (role === 'elbo') {
    if (standIn.kind === 'drawn') next.elbo = standIn;
  } else next[role] = standIn;
  return next;
}

/** The stand-ins without the drawn digit (after Clear). */
export function withoutDrawn(standIns: StandIns): StandIns {
  return Object.fromEntries(Object.entries(standIns).filter(([, standIn]) => standIn.kind !== 'drawn')) as StandIns;
}

/** The selection the worker follows: the picked test digits, their stand-ins and the path (both left out when unused). */
export function toWorkerSelection(picked: ProbeSelection, standIns: StandIns, path: InterpolationKind): ProbeSelection {
  return { ...picked, ...(Object.keys(standIns).length > 0 ? { standIns } : {}), ...(path !== 'linear' ? { path } : {}) };
}
