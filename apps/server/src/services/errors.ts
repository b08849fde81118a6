/** An error with an HTTP status and a message safe to show to the caller as {error}. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, `${what} not found`);
export const forbidden = (message = 'Your role does not allow this') => new AppError(403, message);
