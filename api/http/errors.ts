import type {} from 'pino-http'; // adds req.log and req.id
import type { Server } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AppError, errorCatalog, isErrorCode } from '../../domain/errors';

/** Maps anything thrown in a route to the one error model; unknown errors become INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && isErrorCode(error.cause.type)) {
    return new AppError(error.cause.type, { userMessage: error.cause.message });
  }
  if (error instanceof WorkflowNotFoundError) return new AppError('NOT_FOUND');
  if (error instanceof WorkflowExecutionAlreadyStartedError) return new AppError('DUPLICATE_REQUEST');
  const bodyParserType = (error as { type?: string } | null)?.type;
  if (bodyParserType === 'entity.parse.failed') return new AppError('MALFORMED_JSON');
  if (bodyParserType === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (bodyParserType === 'charset.unsupported' || bodyParserType === 'encoding.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { userMessage: '请求体必须为 UTF-8 编码的 JSON（不支持该字符集或压缩方式）' });
  }
  // Express's own 4xx: a path parameter that is not valid percent-encoding, a compressed body
  // that does not inflate. The request is at fault, not the server.
  const clientStatus = (error as { status?: unknown } | null)?.status;
  if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
    return error instanceof URIError
      ? new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: '(path)', message: '路径参数不是合法的 URL 编码' }] })
      : new AppError('MALFORMED_JSON');
  }
  if (isUnavailable(error)) return new AppError('UNAVAILABLE', { internalMessage: String((error as Error).message) });
  return new AppError('INTERNAL', { internalMessage: error instanceof Error ? error.stack ?? error.message : String(error) });
}

function isUnavailable(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /ECONNREFUSED|Can't reach database|14 UNAVAILABLE|connection terminated/i.test(message);
}

export const notFoundRoute: RequestHandler = () => {
  throw new AppError('ROUTE_NOT_FOUND');
};

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const appError = toAppError(error);
  if (appError.status >= 500) req.log.error({ err: error }, 'request failed');
  else req.log.info({ code: appError.code }, 'request rejected');
  res.status(appError.status).json({
    error: {
      code: appError.code,
      message: appError.userMessage,
      ...(appError.fieldErrors ? { fields: appError.fieldErrors } : {}),
      requestId: req.id,
    },
  });
};

/**
 * Node answers requests it cannot parse (headers over 16 KB, broken framing) before Express sees
 * them; they get the same error envelope as everything else.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const code = error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST';
    const { status, message } = errorCatalog[code];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(`HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
