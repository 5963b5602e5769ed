/** The error classes and their guard that every way in exposes (not wire/errors.ts's helpers). */
export {
  AddThisError,
  isShareCountWidgetsError,
  NetworkError,
  RateLimitError,
  ResponseError,
  ShareableeError,
  SharedCountError,
  ShareCountWidgetsError,
  TimeoutError,
  ValidationError,
} from '../wire/errors.js';
