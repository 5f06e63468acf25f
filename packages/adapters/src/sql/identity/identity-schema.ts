/** Tables of users, API tokens and access grants (migration `0003_identity_access`). */

export interface UserTable {
  user_id: string;
  username: string;
  password_hash: string;
  /** 0/1: node:sqlite binds no booleans. */
  is_admin: number;
  disabled: number;
  created_at: number;
  updated_at: number;
}

export interface ApiTokenTable {
  token_id: string;
  user_id: string;
  name: string;
  scope: string;
  salt: string;
  secret_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface AccessGrantTable {
  user_id: string;
  resource_type: string;
  resource_id: string;
  permission: string;
  updated_at: number;
}

export interface IdentityTables {
  users: UserTable;
  api_tokens: ApiTokenTable;
  access_grants: AccessGrantTable;
}
