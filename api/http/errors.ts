import type {} from 'pino-http'; // adds req.log and req.id
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AppError, isErrorCode } from '../../domain/errors';

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
  // The router could not percent-decode a path parameter: the client's mistake, not ours.
  if (error instanceof URIError) return new AppError('VALIDATION_FAILED', { internalMessage: error.message });
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
