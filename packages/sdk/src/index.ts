export { createClient } from './client.ts';
export type { CairnClient, ClientOptions, StartRunOptions } from './client.ts';
export type { ActiveRun, BufferOptions, MetricOptions, ParamValue } from './active-run.ts';
export type { ArtifactData, ArtifactsClient, DownloadedArtifact } from './artifacts-client.ts';
export type {
  AuditCheckpoint,
  AuditClient,
  AuditInclusionProof,
  AuditLogQuery,
  AuditPublicKey,
  AuditVerification,
} from './audit-client.ts';
export type { ExperimentsClient, ListOptions } from './experiments-client.ts';
export type {
  HistoryOptions,
  LogBatchInput,
  MetricSeries,
  MetricSeriesOptions,
  MetricSeriesPoint,
  RunsClient,
  SearchRunsOptions,
} from './runs-client.ts';
export type { RetryOptions } from './http-transport.ts';
export { CairnApiError, CairnConnectionError, CairnFlushError } from './errors.ts';
export { paginate } from './paginate.ts';
export type * from './wire-types.ts';
export { createAccessClient } from './access-client.ts';
export type {
  AccessClient,
  ApiToken,
  MyPermission,
  PermissionGrant,
  PermissionLevel,
  PermissionTarget,
  TokenScope,
  User,
} from './access-client.ts';
export { createRegistryClient } from './registry-client.ts';
export type {
  LineageGraph,
  LineageNodeKind,
  LineageQuery,
  LineageRelation,
  ModelCard,
  ModelCardContent,
  ModelCardFormat,
  ModelCardView,
  ModelVersion,
  RegisteredModel,
  RegistryClient,
  RegistrySearchOptions,
  RegistryTag,
} from './registry-client.ts';
export { createApprovalsClient } from './approvals-client.ts';
export type {
  ApprovalListOptions,
  ApprovalRequest,
  ApprovalState,
  ApprovalsClient,
  GateResult,
  MetricGate,
  PolicyGates,
  ProtectedAlias,
} from './approvals-client.ts';
export { createDatasetsClient, MISSING_OBJECTS_BATCH } from './datasets-client.ts';
export type {
  DatasetsClient,
  DownloadedObject,
  ObjectData,
  PageOptions,
  VersionRef,
} from './datasets-client.ts';
export type * from './data-wire-types.ts';
export { createCommentsClient } from './comments-client.ts';
export type {
  Comment,
  CommentListOptions,
  CommentSubject,
  CommentTarget,
  CommentsClient,
} from './comments-client.ts';
export type { EventStreamOptions } from './event-stream.ts';
export { createSseParser } from './sse-parser.ts';
export type { SseMessage, SseParser } from './sse-parser.ts';
