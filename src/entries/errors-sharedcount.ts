/**
 * The error classes a page that only counts can meet, and their guard: the counts files expose
 * these, without the Shareablee and AddThis classes, which only the files that use them carry.
 */
export {
  isShareCountWidgetsError,
  NetworkError,
  RateLimitError,
  ResponseError,
  SharedCountError,
  ShareCountWidgetsError,
  TimeoutError,
  ValidationError,
} from '../wire/errors.js';
