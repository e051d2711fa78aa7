export { withRetry, retryDelay, RetryError, type RetryOptions } from "./retry.ts";
export {
  CircuitBreaker,
  BreakerOpenError,
  type BreakerOptions,
  type BreakerState,
  type BreakerStateChange,
  type BreakerListener,
} from "./breaker.ts";
export { BreakerRegistry, type BreakerSnapshot } from "./registry.ts";
export { Limiter, Semaphore } from "./limiter.ts";
export {
  generateStructured,
  checkAnswer,
  jsonSchemaOf,
  type StructuredCall,
  type StructuredResult,
} from "./structured.ts";
export { AllProvidersFailedError, linkFailure, type LinkFailure } from "./failures.ts";
export {
  createResilientModel,
  type ChainLink,
  type CallEvent,
  type ResilientModel,
  type ResilientModelOptions,
  type ResilientModelResult,
} from "./chain.ts";
