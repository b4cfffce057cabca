/**
 * A lesson is a path through the lab in short steps. Each step puts the lab in a state (settings written
 * as the page's own URL query, fresh or trained weights, maybe training), says what to do and what to look
 * at, points at the panel that matters, and asks one question to answer before the reveal. All lesson
 * text lives in src/lessons/, so an instructor can edit or add steps without touching the views.
 */

/** Panels a step can point at: the id of a card on the page. */
export type PanelId =
  | 'latent'
  | 'loss'
  | 'elbo'
  | 'interpolation'
  | 'latent-grid'
  | 'reconstructions'
  | 'samples'
  | 'codebook'
  | (string & {});

export interface LessonQuestion {
  /** Asked before the reveal: "What will happen to the samples when…?" */
  prompt: string;
  /** Optional choices to pick from before revealing. */
  choices?: string[];
  /** The answer and why, shown on "Reveal". */
  answer: string;
}

export interface LessonStep {
  /** Stable id (used in the URL's lesson=N only by position, but in tests and links by id). */
  id: string;
  title: string;
  /**
   * The lab's state for this step, as a query string of the page's settings (e.g. "model=vae&beta=4&data=mnist");
   * settings it does not name go back to their defaults.
   */
  query: string;
  /** Weights to start from: a fresh network, or the shipped trained checkpoint of this setting. */
  weights: 'fresh' | 'trained';
  /** With trained weights: which shipped variant ('beta4', 'latent16' …; see public/checkpoints/manifest.json); absent for the family's default. */
  checkpoint?: string;
  /** Start training when the step opens. */
  train: boolean;
  /** What to do and what to look at: one short paragraph. */
  body: string;
  /** The panel to highlight and scroll to. */
  highlight: PanelId;
  question: LessonQuestion;
}
