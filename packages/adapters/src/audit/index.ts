export {
  AUDIT_KEY_FILE_NAME,
  defaultAuditKeyPath,
  loadAuditSigningKey,
} from './signing-key-file.ts';
