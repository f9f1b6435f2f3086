/** The callbacks a `fit`, `evaluate` or `predict` runs, as Keras's `CallbackList` assembles them. */
import type { Model } from '../models/model';
import type { Callback, TrainingParams } from './callback';
import type { History } from './history';
import { ProgbarLogger } from './progbar_logger';

/**
 * The user's callbacks, then `history` (fit), then a {@link ProgbarLogger} for verbose 1 and 2
 * unless the user gave one; each is given the model and `params`. Returns the list and the
 * progress logger, if any.
 */
export function callbackList(
  model: Model,
  userCallbacks: readonly Callback[],
  params: TrainingParams,
  history?: History,
): { callbacks: Callback[]; progbar?: ProgbarLogger } {
  const given = userCallbacks.find((cb): cb is ProgbarLogger => cb instanceof ProgbarLogger);
  const progbar = given ?? (params.verbose !== 0 ? new ProgbarLogger() : undefined);
  const callbacks = [...userCallbacks, ...(history ? [history] : []), ...(progbar && !given ? [progbar] : [])];
  for (const cb of callbacks) {
    cb.setModel(model);
    cb.setParams(params);
  }
  return { callbacks, progbar };
}
