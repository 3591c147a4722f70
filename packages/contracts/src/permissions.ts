/**
 * The permission matrix, in one place. Every /v1/owner endpoint declares the permission it needs
 * with @RequirePermission (the API refuses to start if one does not, see
 * apps/api/src/modules/auth/owner-routes.check.ts); the owner dashboard reads the same matrix to
 * decide which buttons and tabs to show.
 */
export const PERMISSIONS = [
  /** One's own account: who am I, what may I do. Every role has it. */
  'account.self',
  'catalog.read',
  'catalog.write',
  'prices.write',
  'inventory.write',
  'orders.read',
  'orders.fulfil',
  'orders.refund',
  'settings.write',
  'settings.mpesa',
  'staff.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'admin', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  // Runs the shop day to day, but payouts (M-Pesa settings) and who works here stay with the owner.
  admin: PERMISSIONS.filter((p) => p !== 'settings.mpesa' && p !== 'staff.manage'),
  // Fulfils orders and keeps stock right; no refunds, prices, M-Pesa settings or staff.
  staff: ['account.self', 'catalog.read', 'inventory.write', 'orders.read', 'orders.fulfil'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}
