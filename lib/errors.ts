// Typed errors thrown by lib/ and mapped to HTTP once, in the route wrapper.

export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  insufficient_scope: 403,
  origin_mismatch: 403,
  not_found: 404,
  webhook_not_found: 404,
  delivery_not_found: 404,
  event_type_not_found: 404,
  form_not_found: 404,
  organization_not_found: 404,
  api_key_not_found: 404,
  member_not_found: 404,
  invitation_not_found: 404,
  portal_link_not_found: 404,
  portal_link_gone: 410,
  method_not_allowed: 405,
  conflict: 409,
  account_exists: 409,
  idempotency_conflict: 409,
  limit_reached: 409,
  invitation_unusable: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldIssue = { path: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = defaultMessage(code),
    readonly details: { issues?: FieldIssue[]; headers?: Record<string, string>; missingScopes?: string[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

function defaultMessage(code: ErrorCode): string {
  return code.replaceAll('_', ' ').replace(/^./, (first) => first.toUpperCase());
}

export function validationError(issues: FieldIssue[], message = 'The request is not valid'): AppError {
  return new AppError('validation_failed', message, { issues });
}
