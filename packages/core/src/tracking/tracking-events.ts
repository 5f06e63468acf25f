/**
 * The event types the tracking domain appends, one per state change, in the same
 * transaction as the change (ARCHITECTURE §4). Payloads are small summaries: a batch event
 * carries counts, never points.
 */
export const TrackingEvents = {
  experimentCreated: 'tracking.experiment.created',
  experimentRenamed: 'tracking.experiment.renamed',
  experimentDeleted: 'tracking.experiment.deleted',
  experimentRestored: 'tracking.experiment.restored',
  experimentTagSet: 'tracking.experiment.tag_set',
  experimentTagDeleted: 'tracking.experiment.tag_deleted',

  runCreated: 'tracking.run.created',
  runUpdated: 'tracking.run.updated',
  runDeleted: 'tracking.run.deleted',
  runRestored: 'tracking.run.restored',
  runTagDeleted: 'tracking.run.tag_deleted',
  batchLogged: 'tracking.batch.logged',
  inputsLogged: 'tracking.run.inputs_logged',
  outputsLogged: 'tracking.run.outputs_logged',

  loggedModelCreated: 'tracking.logged_model.created',
  loggedModelFinalized: 'tracking.logged_model.finalized',
  loggedModelDeleted: 'tracking.logged_model.deleted',
  loggedModelTagsSet: 'tracking.logged_model.tags_set',
  loggedModelTagDeleted: 'tracking.logged_model.tag_deleted',
  loggedModelParamsLogged: 'tracking.logged_model.params_logged',
} as const;
export type TrackingEventType = (typeof TrackingEvents)[keyof typeof TrackingEvents];

/** The `entityType` of tracking events. */
export const TrackingEntityTypes = {
  experiment: 'experiment',
  run: 'run',
  loggedModel: 'logged_model',
} as const;
