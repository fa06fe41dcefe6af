export type { Actor, UserActor } from "./actor";
export { actorUserId } from "./actor";
export {
  AUDIT_ACTION_KEYS,
  AUDIT_ACTIONS,
  describeAuditValue,
  AUDIT_PAGE_SIZE,
  type AuditAction,
  auditQueryParams,
  exportAudit,
  listAudit,
  recordAudit,
  recordHouseholdRead,
} from "./audit";
export { safeReturnPath } from "./cookies";
export { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureDemoAccounts, listedDemoAccounts } from "./demo-accounts";
export { AccessDenied, TooManyAttempts } from "./errors";
export { logIn, loginInput } from "./login";
export { checkOrigin, type OriginCheck, requestOrigin } from "./origin";
export { installPeerHook } from "./peer";
export { householdForRole, type HouseholdRecord, type HouseholdView, type PersonRecord } from "./person-projection";
export {
  clearedSessionCookie,
  clientAddress,
  currentActor,
  notFoundInScope,
  pageContext,
  requestContext,
  requestSessionHash,
  sessionCookie,
} from "./request";
export { revealHouseholdIds } from "./reveal-nik";
export { type Capability, fixedLanding, landingPath, ROLE_LABELS, USER_ROLES, type UserRole } from "./roles";
export { areaScopeSql, assertCan, can, homeAreaOf, inScope, placeInScope, placeScopeSql, scopeKey } from "./scope";
export { actorOfToken, revokeSession, SESSION_COOKIE } from "./session";
export {
  addUser,
  changeOwnPassword,
  listUsers,
  updateUser,
  userInput,
  usernameParam,
  type UserRow,
  userUpdate,
} from "./users";
export { assertStrongPassword } from "./password";
