// The HTTP fuzz (test/helpers/http-fuzz.ts), part 3 of 3: a third of the endpoints of the OpenAPI document, in their order.
// Three files, each with a hub of its own, so that the parts run side by side.

import { fuzzHttp } from './helpers/http-fuzz.ts';

fuzzHttp(2, 3);
