export {
  createDuckDbTableAnalyzer,
  diffTableFiles,
  profileTableFile,
  validateTableFile,
} from './duckdb-table-analyzer.ts';
export type { TableFile } from './duckdb-table-analyzer.ts';
