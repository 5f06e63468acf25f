/**
 * `cairn models protect|unprotect|request-alias|requests|request|approve|reject|cancel`:
 * protected aliases and the four-eyes approval requests that move them.
 */
import type { ApprovalRequest, ApprovalState, MetricGate, ProtectedAlias } from '@cairn/sdk';
import { UsageError, type CommandContext, type CommandSpec } from '../command-spec.ts';
import { formatFields, formatTable, formatTime, toJson } from '../output-format.ts';
import { printPaged } from './paged-output.ts';
import { pagingOptions } from './shared-options.ts';

const nameArg = { name: 'name', description: 'The registered model name', required: true };
const aliasArg = {
  name: 'alias',
  description: 'The protected alias, e.g. champion',
  required: true,
};
const idArg = { name: 'request-id', description: 'The approval request id', required: true };
const STATES: readonly ApprovalState[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'STALE'];

function metricGate(spec: string, path: string[]): MetricGate {
  const match = /^\s*([^<>=\s]+)\s*(>=|<=|==|>|<)\s*(\S+)\s*$/.exec(spec);
  const threshold = Number(match?.[3]);
  if (match === null || !Number.isFinite(threshold)) {
    throw new UsageError(`--metric takes a gate like 'accuracy>=0.9', not '${spec}'`, path);
  }
  return { key: match[1] ?? '', op: match[2] as MetricGate['op'], threshold };
}

function tagGate(spec: string, path: string[]): { key: string; value: string } {
  const at = spec.indexOf('=');
  if (at <= 0) throw new UsageError(`--tag takes key=value, not '${spec}'`, path);
  return { key: spec.slice(0, at), value: spec.slice(at + 1) };
}

function describeGates(rule: ProtectedAlias): string {
  const gates = [
    ...rule.gates.metrics.map((m) => `${m.key} ${m.op} ${m.threshold}`),
    ...rule.gates.tags.map((t) => `${t.key} = ${t.value}`),
    ...(rule.gates.modelCardComplete ? ['model card complete'] : []),
  ];
  return gates.join('; ') || 'none';
}

function renderRequests(requests: ApprovalRequest[]): string {
  return formatTable(
    ['ID', 'STATE', 'MODEL', 'ALIAS', 'VERSION', 'FROM', 'REQUESTED BY', 'DECIDED BY', 'CREATED'],
    requests.map((r) => [
      r.id,
      r.state,
      r.name ?? `(deleted ${r.registeredModelId})`,
      r.alias,
      String(r.version),
      r.baseVersion === null ? '-' : String(r.baseVersion),
      r.requestedBy,
      r.decidedBy ?? '-',
      formatTime(r.createdAt),
    ]),
  );
}

function renderRequest(r: ApprovalRequest): string {
  const gates =
    r.gateResults === null
      ? '-'
      : r.gateResults.length === 0
        ? 'none configured'
        : r.gateResults
            .map(
              (g) =>
                `${g.passed ? 'PASS' : 'FAIL'} ${g.requirement} (found: ${g.observed ?? 'nothing'})`,
            )
            .join('\n  ');
  return formatFields([
    ['Id', r.id],
    ['State', r.state],
    ['Model', r.name ?? `(deleted ${r.registeredModelId})`],
    [
      'Alias',
      `${r.alias}: ${r.baseVersion === null ? 'unset' : `v${r.baseVersion}`} → v${r.version}`,
    ],
    ['Justification', r.justification],
    ['Requested by', `${r.requestedBy} at ${formatTime(r.createdAt)}`],
    [
      'Decided by',
      r.decidedBy === null ? '-' : `${r.decidedBy} at ${formatTime(r.decidedAt ?? 0)}`,
    ],
    ['Reason', r.decisionReason ?? '-'],
    ['Gates', gates],
  ]);
}

function printRequest(context: CommandContext, request: ApprovalRequest, headline: string) {
  context.stdout.write(context.json ? toJson(request) : `${headline}\n${renderRequest(request)}`);
}

const idOf = (context: CommandContext) => context.args['request-id'] ?? '';

/** The approval commands, listed under `cairn models`. */
export const approvalCommands: readonly CommandSpec[] = [
  {
    kind: 'command',
    name: 'protect',
    summary: 'Protect an alias: from now on it moves only through an approved request',
    description:
      'Needs MANAGE on the model. Gates are checked and recorded when a request is approved.',
    args: [nameArg, aliasArg],
    options: {
      metric: {
        type: 'string',
        multiple: true,
        valueName: 'gate',
        description: "A metric gate on the version's source run, e.g. 'accuracy>=0.9'",
      },
      tag: {
        type: 'string',
        multiple: true,
        valueName: 'key=value',
        description: 'A tag the version must carry, e.g. validation_status=passed',
      },
      'model-card': { type: 'boolean', description: "Require the version's model card complete" },
    },
    examples: [
      "cairn models protect churn champion --metric 'accuracy>=0.9' --tag validation_status=passed",
    ],
    async run(context) {
      const path = ['models', 'protect'];
      const rule = await context
        .client()
        .approvals.protectAlias(context.args['name'] ?? '', context.args['alias'] ?? '', {
          metrics: context.strings('metric').map((m) => metricGate(m, path)),
          tags: context.strings('tag').map((t) => tagGate(t, path)),
          modelCardComplete: context.flag('model-card'),
        });
      context.stdout.write(
        context.json
          ? toJson(rule)
          : `Alias ${rule.alias} of ${rule.name} is protected (gates: ${describeGates(rule)}).\n`,
      );
    },
  },
  {
    kind: 'command',
    name: 'unprotect',
    summary: 'Lift the protection of an alias (MANAGE)',
    args: [nameArg, aliasArg],
    async run(context) {
      const name = context.args['name'] ?? '';
      const alias = context.args['alias'] ?? '';
      await context.client().approvals.unprotectAlias(name, alias);
      context.stdout.write(
        context.json
          ? toJson({ name, alias })
          : `Alias ${alias} of ${name} is no longer protected.\n`,
      );
    },
  },
  {
    kind: 'command',
    name: 'request-alias',
    summary: 'Request that a protected alias point to a version (another user approves)',
    args: [
      nameArg,
      aliasArg,
      { name: 'version', description: 'The version to promote', required: true },
    ],
    options: {
      reason: {
        type: 'string',
        valueName: 'text',
        description: 'The justification (required)',
      },
    },
    examples: ["cairn models request-alias churn champion 4 --reason 'recall +4 points'"],
    async run(context) {
      const path = ['models', 'request-alias'];
      const text = context.args['version'] ?? '';
      if (!/^\d{1,15}$/.test(text) || Number(text) < 1) {
        throw new UsageError(`the version must be a positive number, not '${text}'`, path);
      }
      const justification = context.string('reason');
      if (justification === undefined || justification === '') {
        throw new UsageError('--reason is required: say why this version should be promoted', path);
      }
      const request = await context.client().approvals.request({
        name: context.args['name'] ?? '',
        alias: context.args['alias'] ?? '',
        version: Number(text),
        justification,
      });
      printRequest(
        context,
        request,
        `Requested: ${request.id} (another user with MANAGE approves it).`,
      );
    },
  },
  {
    kind: 'command',
    name: 'requests',
    summary: 'List approval requests, newest first',
    options: {
      model: { type: 'string', valueName: 'name', description: 'Only this registered model' },
      state: { type: 'string', choices: STATES, description: 'Only requests in this state' },
      ...pagingOptions,
    },
    async run(context) {
      const approvals = context.client().approvals;
      const model = context.string('model');
      const state = context.string('state') as ApprovalState | undefined;
      const maxResults = context.integer('max-results');
      await printPaged(
        context,
        (pageToken) =>
          approvals.list({
            ...(model === undefined ? {} : { name: model }),
            ...(state === undefined ? {} : { state }),
            ...(maxResults === undefined ? {} : { maxResults }),
            ...(pageToken === undefined ? {} : { pageToken }),
          }),
        renderRequests,
      );
    },
  },
  {
    kind: 'command',
    name: 'request',
    summary: 'Show an approval request with its decision and recorded gate results',
    args: [idArg],
    async run(context) {
      const request = await context.client().approvals.get(idOf(context));
      context.stdout.write(context.json ? toJson(request) : renderRequest(request));
    },
  },
  {
    kind: 'command',
    name: 'approve',
    summary: 'Approve a request (not your own; MANAGE); gates are checked and the alias moves',
    args: [idArg],
    options: {
      reason: { type: 'string', valueName: 'text', description: 'A note for the record' },
    },
    async run(context) {
      const request = await context
        .client()
        .approvals.approve(idOf(context), context.string('reason'));
      printRequest(
        context,
        request,
        `Approved: alias ${request.alias} of ${request.name ?? '?'} now points to version ${request.version}.`,
      );
    },
  },
  {
    kind: 'command',
    name: 'reject',
    summary: 'Reject a request (not your own; MANAGE)',
    args: [idArg],
    options: {
      reason: { type: 'string', valueName: 'text', description: 'Why (required)' },
    },
    async run(context) {
      const reason = context.string('reason');
      if (reason === undefined || reason === '') {
        throw new UsageError('--reason is required', ['models', 'reject']);
      }
      const request = await context.client().approvals.reject(idOf(context), reason);
      printRequest(context, request, `Rejected: ${request.id}.`);
    },
  },
  {
    kind: 'command',
    name: 'cancel',
    summary: 'Cancel your own pending request',
    args: [idArg],
    options: {
      reason: { type: 'string', valueName: 'text', description: 'A note for the record' },
    },
    async run(context) {
      const request = await context
        .client()
        .approvals.cancel(idOf(context), context.string('reason'));
      printRequest(context, request, `Cancelled: ${request.id}.`);
    },
  },
];
