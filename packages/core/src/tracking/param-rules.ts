/**
 * Rules MLflow applies to params and to the run-name tag, shared by runs and logged models.
 */
import { invalidArgument } from '../kernel/index.ts';
import type { Param } from './entities.ts';

/** The tag that mirrors a run's name (`mlflow.utils.mlflow_tags.MLFLOW_RUN_NAME`). */
export const RUN_NAME_TAG = 'mlflow.runName';

/**
 * Params are immutable: re-logging a key with the same value is a no-op, with another
 * value it is INVALID_ARGUMENT ("Changing param values is not allowed"). Returns the
 * params whose keys are new. `subject` names the owner in messages (`run ID='…'`).
 */
export function assertParamsUnchanged(
  params: readonly Param[],
  existing: readonly Param[],
  subject: string,
): Param[] {
  const stored = new Map(existing.map((param) => [param.key, param.value]));
  const changed = params.filter(
    (param) => stored.has(param.key) && stored.get(param.key) !== param.value,
  );
  const [first] = changed;
  if (first !== undefined) {
    const message =
      changed.length === 1
        ? `Changing param values is not allowed. Param with key='${first.key}' was already logged with value='${stored.get(first.key) ?? ''}' for ${subject}. Attempted logging new value '${first.value}'.`
        : `Changing param values is not allowed. Params were already logged='${JSON.stringify(
            changed.map((param) => ({
              key: param.key,
              old_value: stored.get(param.key),
              new_value: param.value,
            })),
          )}' for ${subject}.`;
    throw invalidArgument('tracking.param_value_changed', message, {
      details: { keys: changed.map((param) => param.key) },
    });
  }
  return params.filter((param) => !stored.has(param.key));
}
