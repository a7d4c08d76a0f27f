// The one error model: a stable code, the HTTP status it maps to, and the Chinese message a
// person sees. Workflows raise these as ApplicationFailure(type = code); the API maps them back.

export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, message: '请求参数不合法，请检查后重试' },
  MALFORMED_JSON: { status: 400, message: '请求体不是合法的 JSON' },
  UNKNOWN_UNIT: { status: 400, message: '责任单位不存在' },
  UNKNOWN_ENTERPRISE: { status: 400, message: '企业不存在' },
  UNKNOWN_ITEM_TYPE: { status: 400, message: '事项类型不存在' },
  UNAUTHENTICATED: { status: 401, message: '未识别身份，请先登录' },
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
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求体必须为 JSON' },
  UNAVAILABLE: { status: 503, message: '服务暂不可用，请稍后重试' },
  INTERNAL: { status: 500, message: '系统内部错误，请稍后重试' },
  CLOCK_ALREADY_SUSPENDED: { status: 409, message: '该事项已中止计时，请先恢复计时' },
  CLOCK_NOT_SUSPENDED: { status: 409, message: '该事项当前未中止计时，无需恢复' },
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
