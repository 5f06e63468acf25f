import { paginate } from './paginate.ts';
import { segment, type Transport } from './http-transport.ts';
import type { Experiment, Page, Tag, ViewType } from './wire-types.ts';

export interface ListOptions {
  /** MLflow filter grammar, e.g. `name LIKE 'exp-%'`. */
  filter?: string;
  /** e.g. `["name ASC", "creation_time DESC"]`. */
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
  viewType?: ViewType;
}

export interface ExperimentsClient {
  list(options?: ListOptions): Promise<Page<Experiment>>;
  /** Every matching experiment, following page tokens lazily. */
  listAll(options?: Omit<ListOptions, 'pageToken'>): AsyncGenerator<Experiment, void, undefined>;
  create(input: { name: string; artifactLocation?: string; tags?: Tag[] }): Promise<Experiment>;
  get(experimentId: string): Promise<Experiment>;
  getByName(name: string): Promise<Experiment>;
  rename(experimentId: string, name: string): Promise<Experiment>;
  delete(experimentId: string): Promise<void>;
  restore(experimentId: string): Promise<Experiment>;
  setTag(experimentId: string, key: string, value: string): Promise<void>;
  deleteTag(experimentId: string, key: string): Promise<void>;
}

export function createExperimentsClient(transport: Transport): ExperimentsClient {
  const list = (options: ListOptions = {}) =>
    transport.json<Page<Experiment>>({
      method: 'GET',
      path: '/experiments',
      query: {
        filter: options.filter,
        orderBy: options.orderBy,
        maxResults: options.maxResults,
        pageToken: options.pageToken,
        viewType: options.viewType,
      },
    });
  const one = (experimentId: string) => `/experiments/${segment(experimentId)}`;

  return {
    list,
    listAll: (options = {}) => paginate((pageToken) => list({ ...options, pageToken })),
    create: (input) => transport.json({ method: 'POST', path: '/experiments', json: input }),
    get: (experimentId) => transport.json({ method: 'GET', path: one(experimentId) }),
    getByName: (name) =>
      transport.json({ method: 'GET', path: `/experiments/by-name/${segment(name)}` }),
    rename: (experimentId, name) =>
      transport.json({ method: 'PATCH', path: one(experimentId), json: { name } }),
    delete: (experimentId) => transport.json({ method: 'DELETE', path: one(experimentId) }),
    restore: (experimentId) =>
      transport.json({ method: 'POST', path: `${one(experimentId)}/restore`, json: {} }),
    setTag: (experimentId, key, value) =>
      transport.json({
        method: 'PUT',
        path: `${one(experimentId)}/tags/${segment(key)}`,
        json: { value },
      }),
    deleteTag: (experimentId, key) =>
      transport.json({ method: 'DELETE', path: `${one(experimentId)}/tags/${segment(key)}` }),
  };
}
