/** The controls every fake hands its test, beside its own state (jobs, tasks, operations …). */
import type { FaultQueue } from './faults';
import type { Listening } from './http';
import type { RecordedHead } from './recording';

export interface FakeControls<Route extends string, Fault, Recorded> {
  readonly port: number;
  /** Every request, in the order it came. */
  readonly requests: Recorded[];
  /** The next `times` requests to `route` (or any route with `'*'`) get `fault`. */
  failNext(route: Route | '*', fault: Fault, times?: number): void;
  clearFaults(): void;
  /** The requests to a route (and method, in any case), in order. */
  requestsTo(route: Route, method?: string): Recorded[];
  close(): Promise<void>;
}

export function fakeControls<Route extends string, Fault, Recorded extends RecordedHead<string>>(
  server: Listening,
  requests: Recorded[],
  faults: FaultQueue<Route, Fault>,
): FakeControls<Route, Fault, Recorded> {
  return {
    port: server.port,
    requests,
    failNext: faults.failNext,
    clearFaults: faults.clearFaults,
    requestsTo: (route, method) =>
      requests.filter((r) => r.route === route && (method === undefined || r.method === method.toUpperCase())),
    close: server.close,
  };
}
