// The one error model: a stable code, the HTTP status it maps to, and the Chinese message a
// person sees. Workflows raise these as ApplicationFailure(type = code); the API maps them back.

export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, message: '请求参数不合法，请检查后重试' },
  MALFORMED_JSON: { status: 400, message: '请求体不是合法的 JSON' },
  UNKNOWN_UNIT: { status: 400, message: '责任单位不存在' },
  UNKNOWN_ENTERPRISE: { status: 400, message: '企业不存在' },
  UNKNOWN_ITEM_TYPE: { status: 400, message: '事项类型不存在' },
  UNAUTHENTICATED: { status: 401, message: '未登录或登录已失效，请先登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  SESSION_EXPIRED: { status: 401, message: '长时间未操作，登录已超时，请重新登录' },
  INVALID_TOTP: { status: 401, message: '动态口令不正确或已使用，请输入新的口令' },
  ACCOUNT_LOCKED: { status: 423, message: '登录失败次数过多，账号已临时锁定，请稍后再试' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系系统管理员' },
  SECOND_FACTOR_REQUIRED: { status: 403, message: '请先输入动态口令完成登录' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, message: '您的角色须使用动态口令，请先绑定' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '初始密码或密码已过期，请先修改密码' },
  WEAK_PASSWORD: { status: 400, message: '新密码不符合安全要求' },
  CSRF_REJECTED: { status: 403, message: '请求缺少有效的防伪令牌，请刷新页面后重试' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  FORBIDDEN: { status: 403, message: '无权执行此操作' },
  WRONG_UNIT: { status: 403, message: '该事项不属于您所在的单位' },
  NOT_FOUND: { status: 404, message: '请求的记录不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '请求的接口不存在' },
  INVALID_STATE: { status: 409, message: '事项当前状态不允许此操作' },
  DUPLICATE_REQUEST: { status: 409, message: '该请求已提交，请勿重复操作' },
  ITEM_NOT_READY: { status: 409, message: '事项尚在登记中，请稍后重试' },
  CO_UNITS_PENDING: { status: 409, message: '配合单位尚未全部反馈，牵头单位暂不能反馈' },
  RETURN_WINDOW_PASSED: { status: 409, message: '已超过退回时限，请与区经济信息委联系' },
  EXTENSION_TOO_LATE: { status: 409, message: '延期申请须在办理期限届满前提出' },
  EXTENSION_PENDING: { status: 409, message: '已有延期申请正在审批' },
  NO_EXTENSION_PENDING: { status: 409, message: '没有待审批的延期申请' },
  SAME_UNIT: { status: 409, message: '转办的目标单位与当前承办单位相同' },
  VERSION_CONFLICT: { status: 409, message: '记录已被他人修改，请刷新后重试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  HEADERS_TOO_LARGE: { status: 431, message: '请求头或网址过长' },
  MALFORMED_REQUEST: { status: 400, message: '请求格式不正确' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求体必须为 JSON' },
  UNAVAILABLE: { status: 503, message: '服务暂不可用，请稍后重试' },
  INTERNAL: { status: 500, message: '系统内部错误，请稍后重试' },
  CLOCK_ALREADY_SUSPENDED: { status: 409, message: '该事项已中止计时，请先恢复计时' },
  CLOCK_NOT_SUSPENDED: { status: 409, message: '该事项当前未中止计时，无需恢复' },
  BATCH_NOT_OPEN: { status: 409, message: '本批次尚未开始受理申报' },
  BATCH_CLOSED: { status: 409, message: '本批次申报已截止，逾期不再受理' },
  ALREADY_APPLIED: { status: 409, message: '本企业已在本批次申报，请勿重复申报' },
  CRITERIA_NOT_MET: { status: 409, message: '企业数据未达到本批次的认定条件' },
  CLOCK_OUT_OF_ORDER: { status: 409, message: '时间早于计时台账中已有的记录，请核对时间' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly fieldErrors?: FieldError[];

  constructor(code: ErrorCode, options: { userMessage?: string; internalMessage?: string; fieldErrors?: FieldError[] } = {}) {
    const entry = errorCatalog[code];
    const userMessage = options.userMessage ?? entry.message;
    super(options.internalMessage ?? `${code}: ${userMessage}`);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.userMessage = userMessage;
    this.fieldErrors = options.fieldErrors;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCatalog, value);
}
