// Generated from the hub's /openapi.json by test/web-api-types.test.ts (UPDATE_API_TYPES=1); do not edit.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is up
         * @description Public: no key needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "ok"
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            status?: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Public: no key needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text exposition format */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The database answers (503 database_unavailable within QUORUM_DB_READY_TIMEOUT_MS when not)
         * @description Public: no key needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description each enabled enforcement target's state (e.g. the BGP announcer's); absent when none is enabled. A degraded target never makes the hub unready */
                            enforcement?: {
                                [key: string]: string;
                            };
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agent-signals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest an agent_signals payload from a host agent
         * @description Needs a key bound to an agent (`agentId`); sources and subject types are held to QUORUM_AGENT_SOURCES and QUORUM_AGENT_SUBJECT_TYPES, and an `agent` subject is always the key's own agent id.
         *
         *     Needs scope `agent:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "signals": [
                     *         {
                     *           "source": "backup_check",
                     *           "subject_type": "agent",
                     *           "subject_id": "web-01",
                     *           "signal_key": "backup.age_hours",
                     *           "signal_value": {
                     *             "value": 30,
                     *             "job": "nightly"
                     *           },
                     *           "severity": "medium",
                     *           "observed_at": "2026-12-01T10:00:00Z",
                     *           "ttl_seconds": 86400
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        signals: {
                            /**
                             * Format: date-time
                             * @description RFC 3339 with offset; not in the future beyond the allowed skew, not older than retention
                             */
                            observed_at: string;
                            /** @enum {string|null} */
                            severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                            /**
                             * Format: uuid
                             * @description client id; a resend never creates a second row
                             */
                            signal_id?: string | null;
                            /** @example cert.expiry_days */
                            signal_key: string;
                            /** @description {"value": <native>, …metadata}; at most 16384 bytes as jsonb text */
                            signal_value: {
                                [key: string]: unknown;
                            };
                            /** @example cert_scan */
                            source: string;
                            /** @description no control characters */
                            subject_id: string;
                            /** @example endpoint */
                            subject_type: string;
                            /** @description null = sticky */
                            ttl_seconds?: number | null;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "accepted": 1,
                         *       "duplicates": 0
                         *     }
                         */
                        "application/json": {
                            accepted?: number;
                            duplicates?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's audit log: every write through the UI or the API, newest first, with cursor pages
         * @description The caller's tenant; the operator may name any with `tenant_id` (a tenant admin naming another → 403 `tenant_forbidden`). Signal ingestion (`POST /v1/signals`, the adapters) is data, not a change, and is not recorded. Refused logins are recorded (actor kind `login`, with `reason`) in the tenant of the user the username names, an unknown username's in the operator's tenant.
         *
         *     Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "id": "4711",
                         *           "at": "2026-12-02T19:45:12.345678Z",
                         *           "actor": {
                         *             "kind": "user",
                         *             "id": "0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42",
                         *             "name": "alice"
                         *           },
                         *           "method": "POST",
                         *           "route": "/v1/mitigations/:id/withdraw",
                         *           "target": "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9",
                         *           "status": 200,
                         *           "address": "192.0.2.10",
                         *           "reason": null
                         *         },
                         *         {
                         *           "id": "4710",
                         *           "at": "2026-12-02T19:44:58.120000Z",
                         *           "actor": {
                         *             "kind": "login",
                         *             "id": "0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42",
                         *             "name": "alice"
                         *           },
                         *           "method": "POST",
                         *           "route": "/v1/session",
                         *           "target": null,
                         *           "status": 401,
                         *           "address": "198.51.100.23",
                         *           "reason": "wrong_password"
                         *         }
                         *       ],
                         *       "nextCursor": null
                         *     }
                         */
                        "application/json": {
                            items: {
                                actor: {
                                    /** @description the API key id (`session:<id>` never appears: a user is named as a user), the user id (also for `setup`: the operator user it created; for `login`: the user the username names, `-` when none) */
                                    id: string;
                                    /**
                                     * @description `login`: a refused login (someone trying the username, not proven to be its user)
                                     * @enum {string}
                                     */
                                    kind: "key" | "user" | "setup" | "login";
                                    /** @description the username for a user (for `login`: the username tried) */
                                    name: string | null;
                                };
                                /** @description the address the request came from */
                                address: string | null;
                                /** Format: date-time */
                                at: string;
                                /** @description increasing: of two entries at one instant, the later has the larger id */
                                id: string;
                                method: string;
                                /**
                                 * @description why a login was refused (the client was told only 401 invalid_credentials or 429); null for every other entry
                                 * @enum {string|null}
                                 */
                                reason: "unknown_user" | "wrong_password" | "rate_limited" | null;
                                /** @description the route template, e.g. `/v1/blocks/:id` */
                                route: string;
                                /** @description the HTTP status it was answered with (refusals are recorded too) */
                                status: number;
                                /** @description what the write was about: the path parameters, or the id of what it created */
                                target: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's active blocks, newest first, with cursor pagination
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    block_type?: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                    cursor?: string;
                    /** @description part of the indicator, case-insensitive */
                    indicator_contains?: string;
                    limit?: number;
                    source?: "correlation" | "manual" | "automatic" | "fleet";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "blocks": [
                         *         {
                         *           "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *           "block_type": "IP",
                         *           "indicator": "203.0.113.7/32",
                         *           "source": "manual",
                         *           "severity": "high",
                         *           "status": "active",
                         *           "reason": "Manual block by API key 9b1c…: scanner",
                         *           "created_at": "2026-12-02T08:00:00Z",
                         *           "expires_at": "2026-12-02T09:00:00Z",
                         *           "extended_count": 0,
                         *           "ended_at": null,
                         *           "end_reason": null,
                         *           "group_id": null,
                         *           "created_by": "9b1c2d3e-0000-4000-8000-000000000001"
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            blocks: {
                                /** @enum {string} */
                                block_type: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                                /** Format: date-time */
                                created_at: string;
                                created_by?: string | null;
                                end_reason?: string | null;
                                /** Format: date-time */
                                ended_at?: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                group_id?: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description normalised: a CIDR prefix (IP), the fingerprint, AS<number> (ASN) or the user agent */
                                indicator: string;
                                /** @description the decision explanation (manual: who and why) */
                                reason: string;
                                /** @enum {string|null} */
                                severity: "info" | "low" | "medium" | "high" | "critical" | null;
                                /** @enum {string} */
                                source: "correlation" | "manual" | "automatic" | "fleet";
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Block an indicator by hand (guardrails apply; an active block covering it is extended instead)
         * @description Needs scope `mitigation:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default IP
                         * @enum {string}
                         */
                        block_type?: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                        indicator: string;
                        reason?: string;
                        /** @enum {string|null} */
                        severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                        /** @description seconds the block lasts from now; the guardrails bound it (ttl_min_seconds, ttl_max_seconds) */
                        ttl_seconds: number;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "outcome": "extended",
                         *       "block": {
                         *         "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *         "block_type": "IP",
                         *         "indicator": "203.0.113.7/32",
                         *         "source": "manual",
                         *         "severity": "high",
                         *         "status": "active",
                         *         "reason": "Manual block by API key 9b1c…: scanner",
                         *         "created_at": "2026-12-02T08:00:00Z",
                         *         "expires_at": "2026-12-02T09:00:00Z",
                         *         "extended_count": 0,
                         *         "ended_at": null,
                         *         "end_reason": null,
                         *         "group_id": null,
                         *         "created_by": "9b1c2d3e-0000-4000-8000-000000000001"
                         *       }
                         *     }
                         */
                        "application/json": {
                            block?: {
                                /** @enum {string} */
                                block_type: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                                /** Format: date-time */
                                created_at: string;
                                created_by?: string | null;
                                end_reason?: string | null;
                                /** Format: date-time */
                                ended_at?: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                group_id?: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description normalised: a CIDR prefix (IP), the fingerprint, AS<number> (ASN) or the user agent */
                                indicator: string;
                                /** @description the decision explanation (manual: who and why) */
                                reason: string;
                                /** @enum {string|null} */
                                severity: "info" | "low" | "medium" | "high" | "critical" | null;
                                /** @enum {string} */
                                source: "correlation" | "manual" | "automatic" | "fleet";
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                            };
                            /** @enum {string} */
                            outcome?: "extended";
                        };
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "outcome": "created",
                         *       "block": {
                         *         "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *         "block_type": "IP",
                         *         "indicator": "203.0.113.7/32",
                         *         "source": "manual",
                         *         "severity": "high",
                         *         "status": "active",
                         *         "reason": "Manual block by API key 9b1c…: scanner",
                         *         "created_at": "2026-12-02T08:00:00Z",
                         *         "expires_at": "2026-12-02T09:00:00Z",
                         *         "extended_count": 0,
                         *         "ended_at": null,
                         *         "end_reason": null,
                         *         "group_id": null,
                         *         "created_by": "9b1c2d3e-0000-4000-8000-000000000001"
                         *       }
                         *     }
                         */
                        "application/json": {
                            block?: {
                                /** @enum {string} */
                                block_type: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                                /** Format: date-time */
                                created_at: string;
                                created_by?: string | null;
                                end_reason?: string | null;
                                /** Format: date-time */
                                ended_at?: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                group_id?: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description normalised: a CIDR prefix (IP), the fingerprint, AS<number> (ASN) or the user agent */
                                indicator: string;
                                /** @description the decision explanation (manual: who and why) */
                                reason: string;
                                /** @enum {string|null} */
                                severity: "info" | "low" | "medium" | "high" | "critical" | null;
                                /** @enum {string} */
                                source: "correlation" | "manual" | "automatic" | "fleet";
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                            };
                            /** @enum {string} */
                            outcome?: "created";
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unprocessable: a guardrail or the store refused it; nothing changed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["GuardrailRejection"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Withdraw an active block (every enforcement target removes it)
         * @description Needs scope `mitigation:write`.
         */
        delete: {
            parameters: {
                query?: {
                    reason?: string;
                };
                header?: never;
                path: {
                    /** @example 3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "block": {
                         *         "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *         "block_type": "IP",
                         *         "indicator": "203.0.113.7/32",
                         *         "source": "manual",
                         *         "severity": "high",
                         *         "status": "active",
                         *         "reason": "Manual block by API key 9b1c…: scanner",
                         *         "created_at": "2026-12-02T08:00:00Z",
                         *         "expires_at": "2026-12-02T09:00:00Z",
                         *         "extended_count": 0,
                         *         "ended_at": null,
                         *         "end_reason": null,
                         *         "group_id": null,
                         *         "created_by": "9b1c2d3e-0000-4000-8000-000000000001"
                         *       }
                         *     }
                         */
                        "application/json": {
                            block?: {
                                /** @enum {string} */
                                block_type: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                                /** Format: date-time */
                                created_at: string;
                                created_by?: string | null;
                                end_reason?: string | null;
                                /** Format: date-time */
                                ended_at?: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                group_id?: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description normalised: a CIDR prefix (IP), the fingerprint, AS<number> (ASN) or the user agent */
                                indicator: string;
                                /** @description the decision explanation (manual: who and why) */
                                reason: string;
                                /** @enum {string|null} */
                                severity: "info" | "low" | "medium" | "high" | "critical" | null;
                                /** @enum {string} */
                                source: "correlation" | "manual" | "automatic" | "fleet";
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                            };
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks/{id}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend an active block to now + ttl_seconds (never shortens it; TTL bounds apply)
         * @description Needs scope `mitigation:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "ttl_seconds": 7200
                     *     }
                     */
                    "application/json": {
                        /** @description seconds the block lasts from now; the guardrails bound it (ttl_min_seconds, ttl_max_seconds) */
                        ttl_seconds: number;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "block": {
                         *         "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *         "block_type": "IP",
                         *         "indicator": "203.0.113.7/32",
                         *         "source": "manual",
                         *         "severity": "high",
                         *         "status": "active",
                         *         "reason": "Manual block by API key 9b1c…: scanner",
                         *         "created_at": "2026-12-02T08:00:00Z",
                         *         "expires_at": "2026-12-02T09:00:00Z",
                         *         "extended_count": 0,
                         *         "ended_at": null,
                         *         "end_reason": null,
                         *         "group_id": null,
                         *         "created_by": "9b1c2d3e-0000-4000-8000-000000000001"
                         *       }
                         *     }
                         */
                        "application/json": {
                            block?: {
                                /** @enum {string} */
                                block_type: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                                /** Format: date-time */
                                created_at: string;
                                created_by?: string | null;
                                end_reason?: string | null;
                                /** Format: date-time */
                                ended_at?: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                group_id?: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description normalised: a CIDR prefix (IP), the fingerprint, AS<number> (ASN) or the user agent */
                                indicator: string;
                                /** @description the decision explanation (manual: who and why) */
                                reason: string;
                                /** @enum {string|null} */
                                severity: "info" | "low" | "medium" | "high" | "critical" | null;
                                /** @enum {string} */
                                source: "correlation" | "manual" | "automatic" | "fleet";
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                            };
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unprocessable: a guardrail or the store refused it; nothing changed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["GuardrailRejection"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's block changes after a version, oldest first: the feed blocklist distribution serves deltas from
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description The last version the caller has applied (0: from the start) */
                    since?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 42,
                         *       "changes": [
                         *         {
                         *           "version": 41,
                         *           "change": "created",
                         *           "mitigation_id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *           "block_type": "IP",
                         *           "indicator": "203.0.113.7/32",
                         *           "source": "correlation",
                         *           "severity": "high",
                         *           "status": "active",
                         *           "expires_at": "2026-12-02T09:00:00Z",
                         *           "reason": "ddos.attack on 203.0.113.7 corroborated by fastnetmon, alertmanager",
                         *           "changed_at": "2026-12-02T08:00:00Z"
                         *         },
                         *         {
                         *           "version": 42,
                         *           "change": "withdrawn",
                         *           "mitigation_id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *           "block_type": "IP",
                         *           "indicator": "203.0.113.7/32",
                         *           "source": "correlation",
                         *           "severity": "high",
                         *           "status": "withdrawn",
                         *           "expires_at": "2026-12-02T09:00:00Z",
                         *           "reason": "fastnetmon reported the attack ended (signal 981)",
                         *           "changed_at": "2026-12-02T08:20:00Z"
                         *         }
                         *       ],
                         *       "next_since": null
                         *     }
                         */
                        "application/json": {
                            changes: {
                                /**
                                 * @description What the indicator is (Synapse blockType)
                                 * @enum {string}
                                 */
                                block_type: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                                /** @enum {string} */
                                change: "created" | "extended" | "withdrawn" | "expired" | "lifted" | "rejected";
                                /** Format: date-time */
                                changed_at: string;
                                /**
                                 * Format: date-time
                                 * @description The block expiry after this change
                                 */
                                expires_at: string;
                                /** @description The blocked prefix in CIDR form for IP blocks; the fingerprint, ASN or user agent otherwise */
                                indicator: string;
                                /** Format: uuid */
                                mitigation_id: string;
                                reason: string | null;
                                /** @enum {string|null} */
                                severity: "info" | "low" | "medium" | "high" | "critical" | null;
                                /**
                                 * @description Where the block came from
                                 * @enum {string}
                                 */
                                source: "correlation" | "manual" | "automatic" | "fleet";
                                /**
                                 * @description The mitigation status after this change
                                 * @enum {string}
                                 */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                                /** @description This change's place in the tenant's feed: 1, 2, 3, … with no gaps, in commit order */
                                version: number;
                            }[];
                            /** @description Ask again with since=next_since for the next page; null when this page ends at `version` */
                            next_since: number | null;
                            /** @description The tenant's current version: every change up to it is committed */
                            version: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's blocks in force as a file: text, csv, nftables, ipset or json (ETag / If-None-Match → 304)
         * @description text, nftables and ipset carry IP blocks only (what a firewall enforces); csv and json carry every block type. Stable order (by block id); streamed. A `signal:read` key may export as well.
         *
         *     Needs scope `blocklist:read`.
         */
        get: {
            parameters: {
                query?: {
                    format?: "text" | "csv" | "nftables" | "ipset" | "json";
                };
                header?: {
                    /** @description the ETag of the copy the caller holds */
                    "if-none-match"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {"version":42,"count":1,"generated_at":"2026-12-02T08:00:00.000Z","blocks":[
                         *     {"mitigation_id":"3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11","block_type":"ASN","indicator":"AS64500","source":"manual","severity":null,"reason":"hoster","created_at":"2026-12-02T08:00:00.000Z","expires_at":"2026-12-03T08:00:00.000Z"}
                         *     ]}
                         */
                        "application/json": string;
                        /**
                         * @example block_type,indicator,source,severity,expires_at,mitigation_id,reason
                         *     IP,203.0.113.7/32,manual,high,2026-12-02T09:00:00.000Z,3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11,"Manual block: scanner, port 22"
                         */
                        "text/csv": string;
                        /**
                         * @example # Quorum blocklist: 2 blocks in force at 2026-12-02T08:00:00.000Z, block-feed version 42
                         *     203.0.113.7/32
                         *     2001:db8:bad::/48
                         *     # end of the Quorum blocklist
                         */
                        "text/plain": string;
                    };
                };
                /** @description the caller's copy (If-None-Match) is current */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description QUORUM_BLOCKLIST_STREAMS answers are streaming on this hub, or QUORUM_BLOCKLIST_STREAMS_PER_TENANT of this tenant (streams_busy): retry after Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import blocks from a file: one indicator a line (text/plain) or CSV with a header (text/csv); per-line outcome
         * @description CSV header: `indicator` and any of `block_type,ttl_seconds,reason,severity`. Lines without a value take the query defaults. Blank lines and `#` comments are skipped. A malformed file is a 400 naming the line and nothing is imported; a guardrail refusal rejects its line only. Limits: QUORUM_BLOCK_IMPORT_MAX_BYTES, QUORUM_BLOCK_IMPORT_MAX_LINES.
         *
         *     Needs scope `mitigation:write`.
         */
        post: {
            parameters: {
                query?: {
                    block_type?: "IP" | "FINGERPRINT" | "ASN" | "USER_AGENT";
                    reason?: string;
                    /** @description seconds the block lasts from now; the guardrails bound it (ttl_min_seconds, ttl_max_seconds) */
                    ttl_seconds?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example indicator,block_type,ttl_seconds,reason
                     *     203.0.113.7,IP,3600,scanner
                     *     AS64500,ASN,86400,hoster
                     */
                    "text/csv": string;
                    /**
                     * @example indicator,block_type,ttl_seconds,reason
                     *     203.0.113.7,IP,3600,scanner
                     *     AS64500,ASN,86400,hoster
                     */
                    "text/plain": string;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "created": 1,
                         *       "extended": 0,
                         *       "rejected": 1,
                         *       "lines": [
                         *         {
                         *           "line": 2,
                         *           "indicator": "203.0.113.7/32",
                         *           "block_type": "IP",
                         *           "outcome": "created",
                         *           "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *           "guardrail": null,
                         *           "reason": null
                         *         },
                         *         {
                         *           "line": 3,
                         *           "indicator": "10.0.0.0/8",
                         *           "block_type": "IP",
                         *           "outcome": "rejected",
                         *           "id": null,
                         *           "guardrail": "prefix_too_broad",
                         *           "reason": "/8 is broader than the IPv4 minimum /24"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            created: number;
                            extended: number;
                            lines: {
                                block_type?: string;
                                guardrail?: string | null;
                                id?: string | null;
                                indicator?: string;
                                line?: number;
                                /** @enum {string} */
                                outcome?: "created" | "extended" | "rejected";
                                reason?: string | null;
                            }[];
                            rejected: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks/sensors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's sensors and the blocklist version each holds, against the block-feed version
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 43,
                         *       "sensors": [
                         *         {
                         *           "sensor_id": "edge-fra-1",
                         *           "name": "Frankfurt edge",
                         *           "state": "connected",
                         *           "last_heartbeat_at": "2026-12-02T09:15:02Z",
                         *           "blocklist_version": 43,
                         *           "behind": 0
                         *         },
                         *         {
                         *           "sensor_id": "edge-ams-2",
                         *           "name": null,
                         *           "state": "disconnected",
                         *           "last_heartbeat_at": "2026-12-02T07:40:00Z",
                         *           "blocklist_version": 39,
                         *           "behind": 4
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            sensors: {
                                /** @description changes of the feed after that version (0: in step); null without a reported version */
                                behind: number | null;
                                /** @description the block-feed version its last heartbeat reported holding; null when it never reported one */
                                blocklist_version: number | null;
                                /** Format: date-time */
                                last_heartbeat_at: string | null;
                                name: string | null;
                                sensor_id: string;
                                /** @enum {string} */
                                state: "connected" | "disconnected";
                            }[];
                            /** @description the tenant's current block-feed version */
                            version: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bouncers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's CrowdSec bouncers: one per key, user agent and address, with its last pull and version
         * @description Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 42,
                         *       "bouncers": [
                         *         {
                         *           "id": "0b7c2f0e-4d1a-4c55-8f3e-2a9d6b1e7c44",
                         *           "key_id": "6a1f3e2d-9c8b-4a7e-b5d4-3c2b1a0f9e8d",
                         *           "user_agent": "crowdsec-firewall-bouncer/v0.0.25",
                         *           "address": "192.0.2.10",
                         *           "version": 41,
                         *           "behind": 1,
                         *           "first_pull_at": "2026-12-02T08:00:00Z",
                         *           "last_pull_at": "2026-12-02T09:15:02Z",
                         *           "pulls": 4471
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            bouncers: {
                                /** @description The address of its last pull */
                                address: string;
                                /** @description Changes of the tenant's feed after that version (what its next pull will bring) */
                                behind: number;
                                /** Format: date-time */
                                first_pull_at: string;
                                /** Format: uuid */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description The blocklist:read key it pulls with
                                 */
                                key_id: string;
                                /** Format: date-time */
                                last_pull_at: string;
                                pulls: number;
                                user_agent: string;
                                /** @description The block-feed version its last answer reflected */
                                version: number;
                            }[];
                            /** @description The tenant's current block-feed version */
                            version: number;
                        };
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's fleet commands, newest first
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    /** @description only this rollout's commands */
                    rollout?: string;
                    /**
                     * @description only this sensor's commands
                     * @example edge-fra-1
                     */
                    sensor?: string;
                    /** @example pending */
                    status?: "pending" | "sent" | "succeeded" | "failed" | "timed_out" | "expired" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "commands": [
                         *         {
                         *           "id": "5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11",
                         *           "sensor_id": "edge-fra-1",
                         *           "type": "toggle_chaos",
                         *           "payload": {
                         *             "enabled": false
                         *           },
                         *           "status": "succeeded",
                         *           "attempts": 1,
                         *           "max_attempts": 3,
                         *           "timeout_ms": 10000,
                         *           "created_at": "2026-12-03T09:00:00.000Z",
                         *           "created_by": "user:alice",
                         *           "expires_at": "2026-12-03T10:00:00.000Z",
                         *           "sent_at": "2026-12-03T09:00:00.040Z",
                         *           "finished_at": "2026-12-03T09:00:00.310Z",
                         *           "message": "chaos mode off",
                         *           "result": {
                         *             "enabled": false
                         *           },
                         *           "fleet_request_id": null,
                         *           "rollout_id": null
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            commands: {
                                /** @description deliveries so far (a sent command unanswered within timeout_ms is sent again while attempts < max_attempts) */
                                attempts: number;
                                /** Format: date-time */
                                created_at: string;
                                /** @description `user:<username>` or `key:<key id>` */
                                created_by: string;
                                /**
                                 * Format: date-time
                                 * @description a command still pending then is expired
                                 */
                                expires_at: string;
                                /** Format: date-time */
                                finished_at: string | null;
                                /**
                                 * Format: uuid
                                 * @description the fleet-wide request this command is one of
                                 */
                                fleet_request_id: string | null;
                                /** Format: uuid */
                                id: string;
                                max_attempts: number;
                                /** @description the sensor's message, or why the hub finished it */
                                message: string | null;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @description the sensor's result, when it gave one */
                                result: {
                                    [key: string]: unknown;
                                } | null;
                                /**
                                 * Format: uuid
                                 * @description the rollout this command serves
                                 */
                                rollout_id: string | null;
                                sensor_id: string;
                                /** Format: date-time */
                                sent_at: string | null;
                                /**
                                 * @description pending → sent → succeeded | failed | timed_out | expired | cancelled
                                 * @enum {string}
                                 */
                                status: "pending" | "sent" | "succeeded" | "failed" | "timed_out" | "expired" | "cancelled";
                                /** @description how long one attempt waits for the command-ack */
                                timeout_ms: number;
                                /** @enum {string} */
                                type: "push_config" | "push_rules" | "restart" | "collect_diagnostics" | "update" | "sync_blocklist" | "toggle_chaos" | "toggle_mtd";
                            }[];
                            /** @description pass as `cursor` for the next page; null on the last */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Send a command to every approved sensor a selector matches (all or nothing: one sensor at its cap refuses the request)
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "type": "collect_diagnostics",
                     *       "payload": {},
                     *       "selector": {
                     *         "tags": [
                     *           "edge"
                     *         ],
                     *         "connected": true
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @description given to the sensor as is (default {}); at most QUORUM_COMMAND_MAX_PAYLOAD_BYTES */
                        payload?: {
                            [key: string]: unknown;
                        };
                        /**
                         * @description Approved sensors matching every field given ({} selects every approved sensor of the tenant)
                         * @example {
                         *       "tags": [
                         *         "edge",
                         *         "eu"
                         *       ],
                         *       "connected": true
                         *     }
                         */
                        selector: {
                            connected?: boolean;
                            sensorIds?: string[];
                            tags?: string[];
                            version?: string;
                        };
                        /** @enum {string} */
                        type: "push_config" | "push_rules" | "restart" | "collect_diagnostics" | "update" | "sync_blocklist" | "toggle_chaos" | "toggle_mtd";
                    };
                };
            };
            responses: {
                /** @description HTTP 202 */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "fleet_request_id": "0c6d1f0e-98b4-4f3e-8a31-5d1e7d9c2b40",
                         *       "commands": [
                         *         {
                         *           "id": "5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11",
                         *           "sensor_id": "edge-fra-1",
                         *           "type": "collect_diagnostics",
                         *           "payload": {},
                         *           "status": "pending",
                         *           "attempts": 0,
                         *           "max_attempts": 2,
                         *           "timeout_ms": 120000,
                         *           "created_at": "2026-12-03T09:00:00.000Z",
                         *           "created_by": "user:alice",
                         *           "expires_at": "2026-12-03T10:00:00.000Z",
                         *           "sent_at": null,
                         *           "finished_at": null,
                         *           "message": null,
                         *           "result": null,
                         *           "fleet_request_id": "0c6d1f0e-98b4-4f3e-8a31-5d1e7d9c2b40",
                         *           "rollout_id": null
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description one per sensor matched, in sensor id order; empty when no approved sensor matched (nothing was enqueued) */
                            commands: {
                                /** @description deliveries so far (a sent command unanswered within timeout_ms is sent again while attempts < max_attempts) */
                                attempts: number;
                                /** Format: date-time */
                                created_at: string;
                                /** @description `user:<username>` or `key:<key id>` */
                                created_by: string;
                                /**
                                 * Format: date-time
                                 * @description a command still pending then is expired
                                 */
                                expires_at: string;
                                /** Format: date-time */
                                finished_at: string | null;
                                /**
                                 * Format: uuid
                                 * @description the fleet-wide request this command is one of
                                 */
                                fleet_request_id: string | null;
                                /** Format: uuid */
                                id: string;
                                max_attempts: number;
                                /** @description the sensor's message, or why the hub finished it */
                                message: string | null;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @description the sensor's result, when it gave one */
                                result: {
                                    [key: string]: unknown;
                                } | null;
                                /**
                                 * Format: uuid
                                 * @description the rollout this command serves
                                 */
                                rollout_id: string | null;
                                sensor_id: string;
                                /** Format: date-time */
                                sent_at: string | null;
                                /**
                                 * @description pending → sent → succeeded | failed | timed_out | expired | cancelled
                                 * @enum {string}
                                 */
                                status: "pending" | "sent" | "succeeded" | "failed" | "timed_out" | "expired" | "cancelled";
                                /** @description how long one attempt waits for the command-ack */
                                timeout_ms: number;
                                /** @enum {string} */
                                type: "push_config" | "push_rules" | "restart" | "collect_diagnostics" | "update" | "sync_blocklist" | "toggle_chaos" | "toggle_mtd";
                            }[];
                            /** Format: uuid */
                            fleet_request_id: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/commands/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One fleet command: its status, attempts and the sensor's answer
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11",
                         *       "sensor_id": "edge-fra-1",
                         *       "type": "toggle_chaos",
                         *       "payload": {
                         *         "enabled": false
                         *       },
                         *       "status": "succeeded",
                         *       "attempts": 1,
                         *       "max_attempts": 3,
                         *       "timeout_ms": 10000,
                         *       "created_at": "2026-12-03T09:00:00.000Z",
                         *       "created_by": "user:alice",
                         *       "expires_at": "2026-12-03T10:00:00.000Z",
                         *       "sent_at": "2026-12-03T09:00:00.040Z",
                         *       "finished_at": "2026-12-03T09:00:00.310Z",
                         *       "message": "chaos mode off",
                         *       "result": {
                         *         "enabled": false
                         *       },
                         *       "fleet_request_id": null,
                         *       "rollout_id": null
                         *     }
                         */
                        "application/json": {
                            /** @description deliveries so far (a sent command unanswered within timeout_ms is sent again while attempts < max_attempts) */
                            attempts: number;
                            /** Format: date-time */
                            created_at: string;
                            /** @description `user:<username>` or `key:<key id>` */
                            created_by: string;
                            /**
                             * Format: date-time
                             * @description a command still pending then is expired
                             */
                            expires_at: string;
                            /** Format: date-time */
                            finished_at: string | null;
                            /**
                             * Format: uuid
                             * @description the fleet-wide request this command is one of
                             */
                            fleet_request_id: string | null;
                            /** Format: uuid */
                            id: string;
                            max_attempts: number;
                            /** @description the sensor's message, or why the hub finished it */
                            message: string | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /** @description the sensor's result, when it gave one */
                            result: {
                                [key: string]: unknown;
                            } | null;
                            /**
                             * Format: uuid
                             * @description the rollout this command serves
                             */
                            rollout_id: string | null;
                            sensor_id: string;
                            /** Format: date-time */
                            sent_at: string | null;
                            /**
                             * @description pending → sent → succeeded | failed | timed_out | expired | cancelled
                             * @enum {string}
                             */
                            status: "pending" | "sent" | "succeeded" | "failed" | "timed_out" | "expired" | "cancelled";
                            /** @description how long one attempt waits for the command-ack */
                            timeout_ms: number;
                            /** @enum {string} */
                            type: "push_config" | "push_rules" | "restart" | "collect_diagnostics" | "update" | "sync_blocklist" | "toggle_chaos" | "toggle_mtd";
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/commands/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a pending or sent command (a finished one: 409); a sensor that answers it later is refused
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11",
                         *       "sensor_id": "edge-fra-1",
                         *       "type": "toggle_chaos",
                         *       "payload": {
                         *         "enabled": false
                         *       },
                         *       "status": "succeeded",
                         *       "attempts": 1,
                         *       "max_attempts": 3,
                         *       "timeout_ms": 10000,
                         *       "created_at": "2026-12-03T09:00:00.000Z",
                         *       "created_by": "user:alice",
                         *       "expires_at": "2026-12-03T10:00:00.000Z",
                         *       "sent_at": "2026-12-03T09:00:00.040Z",
                         *       "finished_at": "2026-12-03T09:00:00.310Z",
                         *       "message": "chaos mode off",
                         *       "result": {
                         *         "enabled": false
                         *       },
                         *       "fleet_request_id": null,
                         *       "rollout_id": null
                         *     }
                         */
                        "application/json": {
                            /** @description deliveries so far (a sent command unanswered within timeout_ms is sent again while attempts < max_attempts) */
                            attempts: number;
                            /** Format: date-time */
                            created_at: string;
                            /** @description `user:<username>` or `key:<key id>` */
                            created_by: string;
                            /**
                             * Format: date-time
                             * @description a command still pending then is expired
                             */
                            expires_at: string;
                            /** Format: date-time */
                            finished_at: string | null;
                            /**
                             * Format: uuid
                             * @description the fleet-wide request this command is one of
                             */
                            fleet_request_id: string | null;
                            /** Format: uuid */
                            id: string;
                            max_attempts: number;
                            /** @description the sensor's message, or why the hub finished it */
                            message: string | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /** @description the sensor's result, when it gave one */
                            result: {
                                [key: string]: unknown;
                            } | null;
                            /**
                             * Format: uuid
                             * @description the rollout this command serves
                             */
                            rollout_id: string | null;
                            sensor_id: string;
                            /** Format: date-time */
                            sent_at: string | null;
                            /**
                             * @description pending → sent → succeeded | failed | timed_out | expired | cancelled
                             * @enum {string}
                             */
                            status: "pending" | "sent" | "succeeded" | "failed" | "timed_out" | "expired" | "cancelled";
                            /** @description how long one attempt waits for the command-ack */
                            timeout_ms: number;
                            /** @enum {string} */
                            type: "push_config" | "push_rules" | "restart" | "collect_diagnostics" | "update" | "sync_blocklist" | "toggle_chaos" | "toggle_mtd";
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/correlation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller tenant's effective correlation policy, where each value comes from, and its version
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 1,
                         *       "defaults_version": 1,
                         *       "updated_at": "2026-12-01T09:45:00.000Z",
                         *       "updated_by": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *       "config": {
                         *         "enabled": true,
                         *         "window_seconds": 300,
                         *         "min_sources": 1,
                         *         "confidence_threshold": 0.5,
                         *         "default_weight": 1,
                         *         "confidence_decay_half_life_seconds": 0,
                         *         "sources": {
                         *           "fastnetmon": {
                         *             "weight": 1,
                         *             "confidence_mapping": {
                         *               "ban": 0.9,
                         *               "partial_block": 0.7,
                         *               "alert": 0.5
                         *             }
                         *           },
                         *           "alertmanager": {
                         *             "weight": 0.8
                         *           }
                         *         },
                         *         "rules": [
                         *           {
                         *             "name": "ddos_by_victim",
                         *             "match": {
                         *               "signal_keys": [
                         *                 "ddos.*"
                         *               ]
                         *             },
                         *             "group_by": [
                         *               "subject_id",
                         *               "signal_value.vector"
                         *             ],
                         *             "playbook": "block_victim_traffic"
                         *           }
                         *         ],
                         *         "playbooks": [
                         *           {
                         *             "name": "block_victim_traffic",
                         *             "correlation": {
                         *               "min_sources": 2,
                         *               "confidence_threshold": 0.7
                         *             },
                         *             "action": {
                         *               "type": "block",
                         *               "indicator": "subject_id",
                         *               "ttl_seconds": 600
                         *             },
                         *             "end_when": "all_sources_ended"
                         *           }
                         *         ],
                         *         "auto_blocklist": {
                         *           "enabled": false
                         *         },
                         *         "subject_anomaly": {
                         *           "enabled": false
                         *         },
                         *         "trust_score": {
                         *           "sources": {
                         *             "fastnetmon": "threat_exposure",
                         *             "alertmanager": "threat_exposure"
                         *           }
                         *         },
                         *         "webhooks": {
                         *           "scrubber": {
                         *             "signal_key": "ddos.attack",
                         *             "mapping": {
                         *               "victim": "$.target.ip",
                         *               "vector": "$.attack.kind",
                         *               "confidence": "$.score",
                         *               "confidence_scale": 100,
                         *               "id": "$.id",
                         *               "action": "$.event"
                         *             }
                         *           }
                         *         }
                         *       },
                         *       "origins": {
                         *         "enabled": "tenant",
                         *         "webhooks": "tenant",
                         *         "window_seconds": "hub"
                         *       },
                         *       "overrides": {
                         *         "enabled": true,
                         *         "webhooks": {
                         *           "scrubber": {
                         *             "signal_key": "ddos.attack",
                         *             "mapping": {
                         *               "victim": "$.target.ip",
                         *               "vector": "$.attack.kind",
                         *               "confidence": "$.score",
                         *               "confidence_scale": 100,
                         *               "id": "$.id",
                         *               "action": "$.event"
                         *             }
                         *           }
                         *         }
                         *       },
                         *       "problems": []
                         *     }
                         */
                        "application/json": {
                            /** @description the effective policy, webhook secrets redacted */
                            config?: {
                                [key: string]: unknown;
                            };
                            defaults_version?: number;
                            /** @description setting path → where its value comes from */
                            origins?: {
                                [key: string]: "hub" | "tenant" | "hub+tenant";
                            };
                            /** @description the tenant's own document, secrets redacted */
                            overrides?: {
                                [key: string]: unknown;
                            };
                            /** @description why stored overrides are not applied (they no longer fit the hub defaults) */
                            problems?: {
                                [key: string]: unknown;
                            }[];
                            updated_at?: string | null;
                            /** @description key id */
                            updated_by?: string | null;
                            /** @description the tenant's policy version (0 = never changed: hub defaults only) */
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set the tenant's overrides of the hub defaults as a new version (400 lists every error); live on every hub within 1 s
         * @description Needs scope `admin`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description the tenant's overrides: any part of the correlation policy (docs/correlation.md); checked as a whole, 400 lists every error by path */
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "enabled": true,
                     *       "webhooks": {
                     *         "scrubber": {
                     *           "signal_key": "ddos.attack",
                     *           "mapping": {
                     *             "victim": "$.target.ip",
                     *             "vector": "$.attack.kind",
                     *             "confidence": "$.score",
                     *             "confidence_scale": 100,
                     *             "id": "$.id",
                     *             "action": "$.event"
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 1,
                         *       "defaults_version": 1,
                         *       "updated_at": "2026-12-01T09:45:00.000Z",
                         *       "updated_by": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *       "config": {
                         *         "enabled": true,
                         *         "window_seconds": 300,
                         *         "min_sources": 1,
                         *         "confidence_threshold": 0.5,
                         *         "default_weight": 1,
                         *         "confidence_decay_half_life_seconds": 0,
                         *         "sources": {
                         *           "fastnetmon": {
                         *             "weight": 1,
                         *             "confidence_mapping": {
                         *               "ban": 0.9,
                         *               "partial_block": 0.7,
                         *               "alert": 0.5
                         *             }
                         *           },
                         *           "alertmanager": {
                         *             "weight": 0.8
                         *           }
                         *         },
                         *         "rules": [
                         *           {
                         *             "name": "ddos_by_victim",
                         *             "match": {
                         *               "signal_keys": [
                         *                 "ddos.*"
                         *               ]
                         *             },
                         *             "group_by": [
                         *               "subject_id",
                         *               "signal_value.vector"
                         *             ],
                         *             "playbook": "block_victim_traffic"
                         *           }
                         *         ],
                         *         "playbooks": [
                         *           {
                         *             "name": "block_victim_traffic",
                         *             "correlation": {
                         *               "min_sources": 2,
                         *               "confidence_threshold": 0.7
                         *             },
                         *             "action": {
                         *               "type": "block",
                         *               "indicator": "subject_id",
                         *               "ttl_seconds": 600
                         *             },
                         *             "end_when": "all_sources_ended"
                         *           }
                         *         ],
                         *         "auto_blocklist": {
                         *           "enabled": false
                         *         },
                         *         "subject_anomaly": {
                         *           "enabled": false
                         *         },
                         *         "trust_score": {
                         *           "sources": {
                         *             "fastnetmon": "threat_exposure",
                         *             "alertmanager": "threat_exposure"
                         *           }
                         *         },
                         *         "webhooks": {
                         *           "scrubber": {
                         *             "signal_key": "ddos.attack",
                         *             "mapping": {
                         *               "victim": "$.target.ip",
                         *               "vector": "$.attack.kind",
                         *               "confidence": "$.score",
                         *               "confidence_scale": 100,
                         *               "id": "$.id",
                         *               "action": "$.event"
                         *             }
                         *           }
                         *         }
                         *       },
                         *       "origins": {
                         *         "enabled": "tenant",
                         *         "webhooks": "tenant",
                         *         "window_seconds": "hub"
                         *       },
                         *       "overrides": {
                         *         "enabled": true,
                         *         "webhooks": {
                         *           "scrubber": {
                         *             "signal_key": "ddos.attack",
                         *             "mapping": {
                         *               "victim": "$.target.ip",
                         *               "vector": "$.attack.kind",
                         *               "confidence": "$.score",
                         *               "confidence_scale": 100,
                         *               "id": "$.id",
                         *               "action": "$.event"
                         *             }
                         *           }
                         *         }
                         *       },
                         *       "problems": []
                         *     }
                         */
                        "application/json": {
                            /** @description the effective policy, webhook secrets redacted */
                            config?: {
                                [key: string]: unknown;
                            };
                            defaults_version?: number;
                            /** @description setting path → where its value comes from */
                            origins?: {
                                [key: string]: "hub" | "tenant" | "hub+tenant";
                            };
                            /** @description the tenant's own document, secrets redacted */
                            overrides?: {
                                [key: string]: unknown;
                            };
                            /** @description why stored overrides are not applied (they no longer fit the hub defaults) */
                            problems?: {
                                [key: string]: unknown;
                            }[];
                            updated_at?: string | null;
                            /** @description key id */
                            updated_by?: string | null;
                            /** @description the tenant's policy version (0 = never changed: hub defaults only) */
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/correlation/defaults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hub defaults every tenant inherits (secrets redacted)
         * @description Needs scope `operator`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 1,
                         *       "origin": "file",
                         *       "updated_by": null,
                         *       "updated_at": "2026-12-01T09:45:00.000Z",
                         *       "config": {
                         *         "enabled": false,
                         *         "window_seconds": 300,
                         *         "min_sources": 1,
                         *         "confidence_threshold": 0.5,
                         *         "default_weight": 1,
                         *         "confidence_decay_half_life_seconds": 0,
                         *         "sources": {
                         *           "fastnetmon": {
                         *             "weight": 1,
                         *             "confidence_mapping": {
                         *               "ban": 0.9,
                         *               "partial_block": 0.7,
                         *               "alert": 0.5
                         *             }
                         *           },
                         *           "alertmanager": {
                         *             "weight": 0.8
                         *           }
                         *         },
                         *         "rules": [
                         *           {
                         *             "name": "ddos_by_victim",
                         *             "match": {
                         *               "signal_keys": [
                         *                 "ddos.*"
                         *               ]
                         *             },
                         *             "group_by": [
                         *               "subject_id",
                         *               "signal_value.vector"
                         *             ],
                         *             "playbook": "block_victim_traffic"
                         *           }
                         *         ],
                         *         "playbooks": [
                         *           {
                         *             "name": "block_victim_traffic",
                         *             "correlation": {
                         *               "min_sources": 2,
                         *               "confidence_threshold": 0.7
                         *             },
                         *             "action": {
                         *               "type": "block",
                         *               "indicator": "subject_id",
                         *               "ttl_seconds": 600
                         *             },
                         *             "end_when": "all_sources_ended"
                         *           }
                         *         ],
                         *         "auto_blocklist": {
                         *           "enabled": false
                         *         },
                         *         "subject_anomaly": {
                         *           "enabled": false
                         *         },
                         *         "trust_score": {
                         *           "sources": {
                         *             "fastnetmon": "threat_exposure",
                         *             "alertmanager": "threat_exposure"
                         *           }
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            config?: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            origin?: "file" | "api";
                            updated_at?: string;
                            updated_by?: string | null;
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Replace the hub defaults (a whole policy; 400 lists every error) as a new version; live on every hub within 1 s
         * @description Needs scope `operator`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description the whole hub default correlation policy (docs/correlation.md); checked as a whole, 400 lists every error by path */
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "enabled": false,
                     *       "window_seconds": 300,
                     *       "min_sources": 1,
                     *       "confidence_threshold": 0.5,
                     *       "default_weight": 1,
                     *       "confidence_decay_half_life_seconds": 0,
                     *       "sources": {
                     *         "fastnetmon": {
                     *           "weight": 1,
                     *           "confidence_mapping": {
                     *             "ban": 0.9,
                     *             "partial_block": 0.7,
                     *             "alert": 0.5
                     *           }
                     *         },
                     *         "alertmanager": {
                     *           "weight": 0.8
                     *         }
                     *       },
                     *       "rules": [
                     *         {
                     *           "name": "ddos_by_victim",
                     *           "match": {
                     *             "signal_keys": [
                     *               "ddos.*"
                     *             ]
                     *           },
                     *           "group_by": [
                     *             "subject_id",
                     *             "signal_value.vector"
                     *           ],
                     *           "playbook": "block_victim_traffic"
                     *         }
                     *       ],
                     *       "playbooks": [
                     *         {
                     *           "name": "block_victim_traffic",
                     *           "correlation": {
                     *             "min_sources": 2,
                     *             "confidence_threshold": 0.7
                     *           },
                     *           "action": {
                     *             "type": "block",
                     *             "indicator": "subject_id",
                     *             "ttl_seconds": 600
                     *           },
                     *           "end_when": "all_sources_ended"
                     *         }
                     *       ],
                     *       "auto_blocklist": {
                     *         "enabled": false
                     *       },
                     *       "subject_anomaly": {
                     *         "enabled": false
                     *       },
                     *       "trust_score": {
                     *         "sources": {
                     *           "fastnetmon": "threat_exposure",
                     *           "alertmanager": "threat_exposure"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 1,
                         *       "origin": "file",
                         *       "updated_by": null,
                         *       "updated_at": "2026-12-01T09:45:00.000Z",
                         *       "config": {
                         *         "enabled": false,
                         *         "window_seconds": 300,
                         *         "min_sources": 1,
                         *         "confidence_threshold": 0.5,
                         *         "default_weight": 1,
                         *         "confidence_decay_half_life_seconds": 0,
                         *         "sources": {
                         *           "fastnetmon": {
                         *             "weight": 1,
                         *             "confidence_mapping": {
                         *               "ban": 0.9,
                         *               "partial_block": 0.7,
                         *               "alert": 0.5
                         *             }
                         *           },
                         *           "alertmanager": {
                         *             "weight": 0.8
                         *           }
                         *         },
                         *         "rules": [
                         *           {
                         *             "name": "ddos_by_victim",
                         *             "match": {
                         *               "signal_keys": [
                         *                 "ddos.*"
                         *               ]
                         *             },
                         *             "group_by": [
                         *               "subject_id",
                         *               "signal_value.vector"
                         *             ],
                         *             "playbook": "block_victim_traffic"
                         *           }
                         *         ],
                         *         "playbooks": [
                         *           {
                         *             "name": "block_victim_traffic",
                         *             "correlation": {
                         *               "min_sources": 2,
                         *               "confidence_threshold": 0.7
                         *             },
                         *             "action": {
                         *               "type": "block",
                         *               "indicator": "subject_id",
                         *               "ttl_seconds": 600
                         *             },
                         *             "end_when": "all_sources_ended"
                         *           }
                         *         ],
                         *         "auto_blocklist": {
                         *           "enabled": false
                         *         },
                         *         "subject_anomaly": {
                         *           "enabled": false
                         *         },
                         *         "trust_score": {
                         *           "sources": {
                         *             "fastnetmon": "threat_exposure",
                         *             "alertmanager": "threat_exposure"
                         *           }
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            config?: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            origin?: "file" | "api";
                            updated_at?: string;
                            updated_by?: string | null;
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/correlation/defaults/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hub defaults' versions, newest first: origin (file or api), who (key id), when, what changed
         * @description Needs scope `operator`.
         */
        get: {
            parameters: {
                query?: {
                    before?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "versions": [
                         *         {
                         *           "version": 1,
                         *           "origin": "file",
                         *           "key_id": null,
                         *           "created_at": "2026-12-01T09:45:00.000Z",
                         *           "changed": []
                         *         }
                         *       ],
                         *       "next_before": null
                         *     }
                         */
                        "application/json": {
                            next_before?: number | null;
                            versions?: {
                                changed?: string[];
                                created_at?: string;
                                key_id?: string | null;
                                origin?: string;
                                version?: number;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/correlation/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Evaluate candidate overrides over the tenant's stored signals of a time range without acting; compare with its live policy
         * @description Needs scope `signal:read`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "config": {
                     *         "enabled": true,
                     *         "min_sources": 1
                     *       },
                     *       "since": "2026-12-01T09:00:00Z",
                     *       "until": "2026-12-01T10:00:00Z",
                     *       "limit": 100
                     *     }
                     */
                    "application/json": {
                        /** @description the candidate policy (overrides on the hub defaults, like PUT /v1/config/correlation) */
                        config: {
                            [key: string]: unknown;
                        };
                        /**
                         * @description decisions listed per list at most; `totals` counts them all
                         * @default 1000
                         */
                        limit?: number;
                        since: string;
                        until: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "signals": 2,
                         *       "totals": {
                         *         "current": 1,
                         *         "candidate": 1,
                         *         "added": 0,
                         *         "removed": 0,
                         *         "changed": 1,
                         *         "unchanged": 0
                         *       },
                         *       "truncated": false,
                         *       "unchanged": 0,
                         *       "current": [
                         *         {
                         *           "key": "ddos_by_victim|10.0.0.5|udp_flood#1",
                         *           "rule": "ddos_by_victim",
                         *           "playbook": "block_victim_traffic",
                         *           "group_key": {
                         *             "subject_id": "10.0.0.5",
                         *             "vector": "udp_flood"
                         *           },
                         *           "indicator": "10.0.0.5/32",
                         *           "outcome": "block",
                         *           "decided_at": "2026-12-02T08:00:00Z",
                         *           "derived_confidence": 0.9,
                         *           "sources": [
                         *             "fastnetmon",
                         *             "alertmanager"
                         *           ],
                         *           "signal_ids": [
                         *             "41",
                         *             "42"
                         *           ],
                         *           "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)"
                         *         }
                         *       ],
                         *       "candidate": [
                         *         {
                         *           "key": "ddos_by_victim|10.0.0.5|udp_flood#1",
                         *           "rule": "ddos_by_victim",
                         *           "playbook": "block_victim_traffic",
                         *           "group_key": {
                         *             "subject_id": "10.0.0.5",
                         *             "vector": "udp_flood"
                         *           },
                         *           "indicator": "10.0.0.5/32",
                         *           "outcome": "rejected",
                         *           "decided_at": "2026-12-02T08:00:00Z",
                         *           "derived_confidence": 0.9,
                         *           "sources": [
                         *             "fastnetmon",
                         *             "alertmanager"
                         *           ],
                         *           "signal_ids": [
                         *             "41",
                         *             "42"
                         *           ],
                         *           "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)",
                         *           "rejection": "safelisted"
                         *         }
                         *       ],
                         *       "added": [],
                         *       "removed": [],
                         *       "changed": [
                         *         {
                         *           "key": "ddos_by_victim|10.0.0.5|udp_flood#1",
                         *           "current": {
                         *             "key": "ddos_by_victim|10.0.0.5|udp_flood#1",
                         *             "rule": "ddos_by_victim",
                         *             "playbook": "block_victim_traffic",
                         *             "group_key": {
                         *               "subject_id": "10.0.0.5",
                         *               "vector": "udp_flood"
                         *             },
                         *             "indicator": "10.0.0.5/32",
                         *             "outcome": "block",
                         *             "decided_at": "2026-12-02T08:00:00Z",
                         *             "derived_confidence": 0.9,
                         *             "sources": [
                         *               "fastnetmon",
                         *               "alertmanager"
                         *             ],
                         *             "signal_ids": [
                         *               "41",
                         *               "42"
                         *             ],
                         *             "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)"
                         *           },
                         *           "candidate": {
                         *             "key": "ddos_by_victim|10.0.0.5|udp_flood#1",
                         *             "rule": "ddos_by_victim",
                         *             "playbook": "block_victim_traffic",
                         *             "group_key": {
                         *               "subject_id": "10.0.0.5",
                         *               "vector": "udp_flood"
                         *             },
                         *             "indicator": "10.0.0.5/32",
                         *             "outcome": "rejected",
                         *             "decided_at": "2026-12-02T08:00:00Z",
                         *             "derived_confidence": 0.9,
                         *             "sources": [
                         *               "fastnetmon",
                         *               "alertmanager"
                         *             ],
                         *             "signal_ids": [
                         *               "41",
                         *               "42"
                         *             ],
                         *             "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)",
                         *             "rejection": "safelisted"
                         *           },
                         *           "differences": [
                         *             "outcome",
                         *             "rejection"
                         *           ]
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description only the candidate makes these */
                            added: {
                                /** Format: date-time */
                                decided_at?: string;
                                derived_confidence?: number;
                                explanation?: string;
                                group_key?: {
                                    [key: string]: unknown;
                                };
                                indicator?: string;
                                /** @description rule, group key and ordinal: the same decision across the two runs */
                                key?: string;
                                /** @enum {string} */
                                outcome?: "block" | "extend" | "rejected";
                                playbook?: string;
                                rejection?: string;
                                rule?: string;
                                signal_ids?: string[];
                                sources?: string[];
                            }[];
                            /** @description decisions of the candidate */
                            candidate: {
                                /** Format: date-time */
                                decided_at?: string;
                                derived_confidence?: number;
                                explanation?: string;
                                group_key?: {
                                    [key: string]: unknown;
                                };
                                indicator?: string;
                                /** @description rule, group key and ordinal: the same decision across the two runs */
                                key?: string;
                                /** @enum {string} */
                                outcome?: "block" | "extend" | "rejected";
                                playbook?: string;
                                rejection?: string;
                                rule?: string;
                                signal_ids?: string[];
                                sources?: string[];
                            }[];
                            /** @description the same decision, different in `differences` */
                            changed: {
                                candidate?: {
                                    /** Format: date-time */
                                    decided_at?: string;
                                    derived_confidence?: number;
                                    explanation?: string;
                                    group_key?: {
                                        [key: string]: unknown;
                                    };
                                    indicator?: string;
                                    /** @description rule, group key and ordinal: the same decision across the two runs */
                                    key?: string;
                                    /** @enum {string} */
                                    outcome?: "block" | "extend" | "rejected";
                                    playbook?: string;
                                    rejection?: string;
                                    rule?: string;
                                    signal_ids?: string[];
                                    sources?: string[];
                                };
                                current?: {
                                    /** Format: date-time */
                                    decided_at?: string;
                                    derived_confidence?: number;
                                    explanation?: string;
                                    group_key?: {
                                        [key: string]: unknown;
                                    };
                                    indicator?: string;
                                    /** @description rule, group key and ordinal: the same decision across the two runs */
                                    key?: string;
                                    /** @enum {string} */
                                    outcome?: "block" | "extend" | "rejected";
                                    playbook?: string;
                                    rejection?: string;
                                    rule?: string;
                                    signal_ids?: string[];
                                    sources?: string[];
                                };
                                differences?: string[];
                                key?: string;
                            }[];
                            /** @description decisions of the live policy */
                            current: {
                                /** Format: date-time */
                                decided_at?: string;
                                derived_confidence?: number;
                                explanation?: string;
                                group_key?: {
                                    [key: string]: unknown;
                                };
                                indicator?: string;
                                /** @description rule, group key and ordinal: the same decision across the two runs */
                                key?: string;
                                /** @enum {string} */
                                outcome?: "block" | "extend" | "rejected";
                                playbook?: string;
                                rejection?: string;
                                rule?: string;
                                signal_ids?: string[];
                                sources?: string[];
                            }[];
                            /** @description only the live policy makes these */
                            removed: {
                                /** Format: date-time */
                                decided_at?: string;
                                derived_confidence?: number;
                                explanation?: string;
                                group_key?: {
                                    [key: string]: unknown;
                                };
                                indicator?: string;
                                /** @description rule, group key and ordinal: the same decision across the two runs */
                                key?: string;
                                /** @enum {string} */
                                outcome?: "block" | "extend" | "rejected";
                                playbook?: string;
                                rejection?: string;
                                rule?: string;
                                signal_ids?: string[];
                                sources?: string[];
                            }[];
                            /** @description signals of the range replayed */
                            signals: number;
                            totals: {
                                added?: number;
                                candidate?: number;
                                changed?: number;
                                current?: number;
                                removed?: number;
                                unchanged?: number;
                            };
                            /** @description a list was cut to `limit` */
                            truncated: boolean;
                            unchanged: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/correlation/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make an earlier version (0 = no overrides) current again, as a new version
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "version": 1
                     *     }
                     */
                    "application/json": {
                        version: number;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 1,
                         *       "defaults_version": 1,
                         *       "updated_at": "2026-12-01T09:45:00.000Z",
                         *       "updated_by": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *       "config": {
                         *         "enabled": true,
                         *         "window_seconds": 300,
                         *         "min_sources": 1,
                         *         "confidence_threshold": 0.5,
                         *         "default_weight": 1,
                         *         "confidence_decay_half_life_seconds": 0,
                         *         "sources": {
                         *           "fastnetmon": {
                         *             "weight": 1,
                         *             "confidence_mapping": {
                         *               "ban": 0.9,
                         *               "partial_block": 0.7,
                         *               "alert": 0.5
                         *             }
                         *           },
                         *           "alertmanager": {
                         *             "weight": 0.8
                         *           }
                         *         },
                         *         "rules": [
                         *           {
                         *             "name": "ddos_by_victim",
                         *             "match": {
                         *               "signal_keys": [
                         *                 "ddos.*"
                         *               ]
                         *             },
                         *             "group_by": [
                         *               "subject_id",
                         *               "signal_value.vector"
                         *             ],
                         *             "playbook": "block_victim_traffic"
                         *           }
                         *         ],
                         *         "playbooks": [
                         *           {
                         *             "name": "block_victim_traffic",
                         *             "correlation": {
                         *               "min_sources": 2,
                         *               "confidence_threshold": 0.7
                         *             },
                         *             "action": {
                         *               "type": "block",
                         *               "indicator": "subject_id",
                         *               "ttl_seconds": 600
                         *             },
                         *             "end_when": "all_sources_ended"
                         *           }
                         *         ],
                         *         "auto_blocklist": {
                         *           "enabled": false
                         *         },
                         *         "subject_anomaly": {
                         *           "enabled": false
                         *         },
                         *         "trust_score": {
                         *           "sources": {
                         *             "fastnetmon": "threat_exposure",
                         *             "alertmanager": "threat_exposure"
                         *           }
                         *         },
                         *         "webhooks": {
                         *           "scrubber": {
                         *             "signal_key": "ddos.attack",
                         *             "mapping": {
                         *               "victim": "$.target.ip",
                         *               "vector": "$.attack.kind",
                         *               "confidence": "$.score",
                         *               "confidence_scale": 100,
                         *               "id": "$.id",
                         *               "action": "$.event"
                         *             }
                         *           }
                         *         }
                         *       },
                         *       "origins": {
                         *         "enabled": "tenant",
                         *         "webhooks": "tenant",
                         *         "window_seconds": "hub"
                         *       },
                         *       "overrides": {
                         *         "enabled": true,
                         *         "webhooks": {
                         *           "scrubber": {
                         *             "signal_key": "ddos.attack",
                         *             "mapping": {
                         *               "victim": "$.target.ip",
                         *               "vector": "$.attack.kind",
                         *               "confidence": "$.score",
                         *               "confidence_scale": 100,
                         *               "id": "$.id",
                         *               "action": "$.event"
                         *             }
                         *           }
                         *         }
                         *       },
                         *       "problems": []
                         *     }
                         */
                        "application/json": {
                            /** @description the effective policy, webhook secrets redacted */
                            config?: {
                                [key: string]: unknown;
                            };
                            defaults_version?: number;
                            /** @description setting path → where its value comes from */
                            origins?: {
                                [key: string]: "hub" | "tenant" | "hub+tenant";
                            };
                            /** @description the tenant's own document, secrets redacted */
                            overrides?: {
                                [key: string]: unknown;
                            };
                            /** @description why stored overrides are not applied (they no longer fit the hub defaults) */
                            problems?: {
                                [key: string]: unknown;
                            }[];
                            updated_at?: string | null;
                            /** @description key id */
                            updated_by?: string | null;
                            /** @description the tenant's policy version (0 = never changed: hub defaults only) */
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/correlation/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's policy versions, newest first: who (key id), when, what changed
         * @description Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: {
                    before?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "versions": [
                         *         {
                         *           "version": 1,
                         *           "action": "put",
                         *           "rolled_back_to": null,
                         *           "key_id": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *           "created_at": "2026-12-01T09:45:00.000Z",
                         *           "changed": [
                         *             "enabled",
                         *             "webhooks.scrubber"
                         *           ]
                         *         }
                         *       ],
                         *       "next_before": null
                         *     }
                         */
                        "application/json": {
                            next_before?: number | null;
                            versions?: {
                                /** @enum {string} */
                                action?: "put" | "rollback";
                                changed?: string[];
                                created_at?: string;
                                key_id?: string | null;
                                overrides?: {
                                    [key: string]: unknown;
                                };
                                rolled_back_to?: number | null;
                                version?: number;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/correlation/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One policy version with its overrides document (secrets redacted)
         * @description Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 1 */
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 1,
                         *       "action": "put",
                         *       "rolled_back_to": null,
                         *       "key_id": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *       "created_at": "2026-12-01T09:45:00.000Z",
                         *       "changed": [
                         *         "enabled",
                         *         "webhooks.scrubber"
                         *       ],
                         *       "overrides": {
                         *         "enabled": true,
                         *         "webhooks": {
                         *           "scrubber": {
                         *             "signal_key": "ddos.attack",
                         *             "mapping": {
                         *               "victim": "$.target.ip",
                         *               "vector": "$.attack.kind",
                         *               "confidence": "$.score",
                         *               "confidence_scale": 100,
                         *               "id": "$.id",
                         *               "action": "$.event"
                         *             }
                         *           }
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            action?: "put" | "rollback";
                            changed?: string[];
                            created_at?: string;
                            key_id?: string | null;
                            overrides?: {
                                [key: string]: unknown;
                            };
                            rolled_back_to?: number | null;
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/config/reload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-read the data dir's correlation.yaml into the hub defaults (a new version when it differs); an invalid file changes nothing (400)
         * @description Needs scope `operator`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 1,
                         *       "origin": "file",
                         *       "updated_by": null,
                         *       "updated_at": "2026-12-01T09:45:00.000Z",
                         *       "config": {
                         *         "enabled": false,
                         *         "window_seconds": 300,
                         *         "min_sources": 1,
                         *         "confidence_threshold": 0.5,
                         *         "default_weight": 1,
                         *         "confidence_decay_half_life_seconds": 0,
                         *         "sources": {
                         *           "fastnetmon": {
                         *             "weight": 1,
                         *             "confidence_mapping": {
                         *               "ban": 0.9,
                         *               "partial_block": 0.7,
                         *               "alert": 0.5
                         *             }
                         *           },
                         *           "alertmanager": {
                         *             "weight": 0.8
                         *           }
                         *         },
                         *         "rules": [
                         *           {
                         *             "name": "ddos_by_victim",
                         *             "match": {
                         *               "signal_keys": [
                         *                 "ddos.*"
                         *               ]
                         *             },
                         *             "group_by": [
                         *               "subject_id",
                         *               "signal_value.vector"
                         *             ],
                         *             "playbook": "block_victim_traffic"
                         *           }
                         *         ],
                         *         "playbooks": [
                         *           {
                         *             "name": "block_victim_traffic",
                         *             "correlation": {
                         *               "min_sources": 2,
                         *               "confidence_threshold": 0.7
                         *             },
                         *             "action": {
                         *               "type": "block",
                         *               "indicator": "subject_id",
                         *               "ttl_seconds": 600
                         *             },
                         *             "end_when": "all_sources_ended"
                         *           }
                         *         ],
                         *         "auto_blocklist": {
                         *           "enabled": false
                         *         },
                         *         "subject_anomaly": {
                         *           "enabled": false
                         *         },
                         *         "trust_score": {
                         *           "sources": {
                         *             "fastnetmon": "threat_exposure",
                         *             "alertmanager": "threat_exposure"
                         *           }
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            config?: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            origin?: "file" | "api";
                            updated_at?: string;
                            updated_by?: string | null;
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The active decisions covering an address or a prefix, or on exactly a value; the JSON literal null when none
         * @description Needs scope `blocklist:read`.
         */
        get: {
            parameters: {
                query?: {
                    /**
                     * @description An address: the decisions covering it
                     * @example 203.0.113.7
                     */
                    ip?: string;
                    /** @description Comma-separated origins to serve: `correlation`, `manual`, `automatic`, `fleet` (default all) */
                    origins?: string;
                    /** @description A prefix: the decisions covering it */
                    range?: string;
                    /** @description Serve only decisions whose scenario contains one of these comma-separated words (case-insensitive) */
                    scenarios_containing?: string;
                    /** @description Leave out decisions whose scenario contains one of these comma-separated words */
                    scenarios_not_containing?: string;
                    /** @description `ip` or `range` (with value) */
                    scope?: string;
                    /** @description Comma-separated scopes to serve, case-insensitive (default `ip,range`) */
                    scopes?: string;
                    /** @description The exact address or prefix of a decision (with scope) */
                    value?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Time left as a Go duration, computed at response time (negative for an ended block) */
                            duration: string;
                            /** @description Stable per block (from its mitigation id) */
                            id: number;
                            /** @enum {string} */
                            origin: "correlation" | "manual" | "automatic" | "fleet";
                            /** @description The block's explanation */
                            scenario: string;
                            /** @enum {string} */
                            scope: "Ip" | "Range";
                            /** @enum {string} */
                            type: "ban";
                            /**
                             * Format: uuid
                             * @description The mitigation id
                             */
                            uuid: string;
                            /** @description The address (scope Ip) or the prefix (scope Range) */
                            value: string;
                        }[] | null;
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Internal error; the hub logged the details */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/decisions/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CrowdSec decision stream: every active IP block at startup, then what was added and what ended since this bouncer's last pull
         * @description Needs scope `blocklist:read`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Comma-separated origins to serve: `correlation`, `manual`, `automatic`, `fleet` (default all) */
                    origins?: string;
                    /** @description Serve only decisions whose scenario contains one of these comma-separated words (case-insensitive) */
                    scenarios_containing?: string;
                    /** @description Leave out decisions whose scenario contains one of these comma-separated words */
                    scenarios_not_containing?: string;
                    /** @description Comma-separated scopes to serve, case-insensitive (default `ip,range`) */
                    scopes?: string;
                    /** @description true: every active decision (a bouncer sends it once, when it starts) */
                    startup?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Decisions to remove; null when none */
                            deleted?: {
                                /** @description Time left as a Go duration, computed at response time (negative for an ended block) */
                                duration: string;
                                /** @description Stable per block (from its mitigation id) */
                                id: number;
                                /** @enum {string} */
                                origin: "correlation" | "manual" | "automatic" | "fleet";
                                /** @description The block's explanation */
                                scenario: string;
                                /** @enum {string} */
                                scope: "Ip" | "Range";
                                /** @enum {string} */
                                type: "ban";
                                /**
                                 * Format: uuid
                                 * @description The mitigation id
                                 */
                                uuid: string;
                                /** @description The address (scope Ip) or the prefix (scope Range) */
                                value: string;
                            }[] | null;
                            /** @description Decisions to enforce; null when none */
                            new?: {
                                /** @description Time left as a Go duration, computed at response time (negative for an ended block) */
                                duration: string;
                                /** @description Stable per block (from its mitigation id) */
                                id: number;
                                /** @enum {string} */
                                origin: "correlation" | "manual" | "automatic" | "fleet";
                                /** @description The block's explanation */
                                scenario: string;
                                /** @enum {string} */
                                scope: "Ip" | "Range";
                                /** @enum {string} */
                                type: "ban";
                                /**
                                 * Format: uuid
                                 * @description The mitigation id
                                 */
                                uuid: string;
                                /** @description The address (scope Ip) or the prefix (scope Range) */
                                value: string;
                            }[] | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Internal error; the hub logged the details */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "message": "access forbidden"
                         *     }
                         */
                        "application/json": {
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feed/consumers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where each consumer of the committed signals feed stands in the tenant's feed: followed by a hub, signals waiting, lag
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "consumers": [
                         *         {
                         *           "consumer": "correlation",
                         *           "followed": true,
                         *           "pending_signals": 0,
                         *           "pending_more": false,
                         *           "oldest_pending_at": null,
                         *           "lag_seconds": 0
                         *         },
                         *         {
                         *           "consumer": "correlation_recording",
                         *           "followed": true,
                         *           "pending_signals": 0,
                         *           "pending_more": false,
                         *           "oldest_pending_at": null,
                         *           "lag_seconds": 0
                         *         },
                         *         {
                         *           "consumer": "auto_blocklist",
                         *           "followed": true,
                         *           "pending_signals": 0,
                         *           "pending_more": false,
                         *           "oldest_pending_at": null,
                         *           "lag_seconds": 0
                         *         },
                         *         {
                         *           "consumer": "current_signal_pointers",
                         *           "followed": true,
                         *           "pending_signals": 1200,
                         *           "pending_more": false,
                         *           "oldest_pending_at": "2026-12-05T12:00:00.120Z",
                         *           "lag_seconds": 0.4
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            consumers: {
                                /** @description The consumer (correlation: the rules with a playbook; correlation_recording: the rules that only record their groups; auto_blocklist; current_signal_pointers) */
                                consumer: string;
                                /** @description Whether a hub holds this consumer's lease on the tenant's feed now; false: no hub follows it (all run with QUORUM_FEED_CONSUME=false, or none has passed over the tenant yet) */
                                followed: boolean;
                                /** @description Seconds since then (0 when none waits): what quorum_feed_lag_seconds reports on the hub that follows it */
                                lag_seconds: number;
                                /**
                                 * Format: date-time
                                 * @description When the oldest waiting signal was stored; null when none waits
                                 */
                                oldest_pending_at: string | null;
                                /** @description More than 10000 signals wait */
                                pending_more: boolean;
                                /** @description Committed signals the consumer has not passed yet, counted up to 10000 */
                                pending_signals: number;
                            }[];
                        };
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's incidents (corroborated groups that block nothing), newest first, with cursor pagination
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    rule?: string;
                    since?: string;
                    status?: "open" | "closed";
                    subject_id?: string;
                    subject_type?: string;
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "incidents": [
                         *         {
                         *           "id": "6b1d3f0e-2c4a-4e8b-9a51-7f20c3d4e5a6",
                         *           "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *           "rule": "subject_anomaly",
                         *           "playbook": "subject_anomaly",
                         *           "subject_type": "host",
                         *           "subject_id": "web-01",
                         *           "status": "open",
                         *           "opened_at": "2026-12-02T08:07:00Z",
                         *           "last_signal_at": "2026-12-02T08:07:00Z",
                         *           "ttl_seconds": 600,
                         *           "expires_at": "2026-12-02T08:17:00Z",
                         *           "closed_at": null,
                         *           "close_reason": null,
                         *           "source_count": 3,
                         *           "sources": [
                         *             "vuln_scan",
                         *             "disk_monitor",
                         *             "file_integrity"
                         *           ],
                         *           "explanation_text": "Corroboration met: 3 distinct sources (min 3), derived confidence 0.60 (threshold 0.00). Sources: vuln_scan (0.60, w 1.0), disk_monitor (0.60, w 1.0), file_integrity (0.60, w 1.0)"
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            incidents: {
                                /** @description "no new report for <ttl> s", or its sources ended it ("all sources ended: …") */
                                close_reason: string | null;
                                /** Format: date-time */
                                closed_at: string | null;
                                /**
                                 * Format: date-time
                                 * @description when it closes unless another report arrives
                                 */
                                expires_at: string;
                                explanation_text: string;
                                /**
                                 * Format: uuid
                                 * @description the corroborated signal group (GET /v1/signal-groups/{id})
                                 */
                                group_id: string;
                                /** Format: uuid */
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description when the last report of the subject joined it
                                 */
                                last_signal_at: string;
                                /** Format: date-time */
                                opened_at: string;
                                playbook: string;
                                rule: string;
                                /** @description distinct sources when it opened */
                                source_count: number;
                                sources: string[];
                                /** @enum {string} */
                                status: "open" | "closed";
                                subject_id: string;
                                subject_type: string;
                                /** @description it closes this long after its last report */
                                ttl_seconds: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One incident with its explanation as stored when it opened, and its signals
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 6b1d3f0e-2c4a-4e8b-9a51-7f20c3d4e5a6 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "6b1d3f0e-2c4a-4e8b-9a51-7f20c3d4e5a6",
                         *       "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *       "rule": "subject_anomaly",
                         *       "playbook": "subject_anomaly",
                         *       "subject_type": "host",
                         *       "subject_id": "web-01",
                         *       "status": "open",
                         *       "opened_at": "2026-12-02T08:07:00Z",
                         *       "last_signal_at": "2026-12-02T08:07:00Z",
                         *       "ttl_seconds": 600,
                         *       "expires_at": "2026-12-02T08:17:00Z",
                         *       "closed_at": null,
                         *       "close_reason": null,
                         *       "source_count": 3,
                         *       "sources": [
                         *         "vuln_scan",
                         *         "disk_monitor",
                         *         "file_integrity"
                         *       ],
                         *       "explanation_text": "Corroboration met: 3 distinct sources (min 3), derived confidence 0.60 (threshold 0.00). Sources: vuln_scan (0.60, w 1.0), disk_monitor (0.60, w 1.0), file_integrity (0.60, w 1.0)",
                         *       "explanation": {
                         *         "kind": "correlation",
                         *         "text": "Corroboration met: 3 distinct sources (min 3), derived confidence 0.60 (threshold 0.00). Sources: vuln_scan (0.60, w 1.0), disk_monitor (0.60, w 1.0), file_integrity (0.60, w 1.0)",
                         *         "rule": "subject_anomaly",
                         *         "playbook": "subject_anomaly",
                         *         "thresholds": {
                         *           "min_sources": 3,
                         *           "confidence_threshold": 0,
                         *           "window_seconds": 600,
                         *           "decay_half_life_seconds": 0
                         *         },
                         *         "derived_confidence": 0.6,
                         *         "distinct_sources": 3
                         *       },
                         *       "signals": [
                         *         {
                         *           "signal_id": "41",
                         *           "source": "vuln_scan",
                         *           "subject_type": "host",
                         *           "subject_id": "web-01",
                         *           "signal_key": "vuln.cve",
                         *           "severity": "medium",
                         *           "confidence": 0.6,
                         *           "observed_at": "2026-12-01T10:00:00Z",
                         *           "added_at": "2026-12-02T08:01:00Z",
                         *           "ended_at": null,
                         *           "ended_by": null
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description "no new report for <ttl> s", or its sources ended it ("all sources ended: …") */
                            close_reason: string | null;
                            /** Format: date-time */
                            closed_at: string | null;
                            /**
                             * Format: date-time
                             * @description when it closes unless another report arrives
                             */
                            expires_at: string;
                            /** @description as stored when it opened: rule, playbook, thresholds, derived confidence, every signal */
                            explanation: {
                                [key: string]: unknown;
                            };
                            explanation_text: string;
                            /**
                             * Format: uuid
                             * @description the corroborated signal group (GET /v1/signal-groups/{id})
                             */
                            group_id: string;
                            /** Format: uuid */
                            id: string;
                            /**
                             * Format: date-time
                             * @description when the last report of the subject joined it
                             */
                            last_signal_at: string;
                            /** Format: date-time */
                            opened_at: string;
                            playbook: string;
                            rule: string;
                            /** @description the group's signals, those that joined after it opened too */
                            signals: {
                                /** Format: date-time */
                                added_at?: string;
                                confidence?: number;
                                /** Format: date-time */
                                ended_at?: string | null;
                                ended_by?: string | null;
                                /** Format: date-time */
                                observed_at?: string;
                                severity?: string | null;
                                signal_id?: string;
                                signal_key?: string;
                                source?: string;
                                subject_id?: string;
                                subject_type?: string;
                            }[];
                            /** @description distinct sources when it opened */
                            source_count: number;
                            sources: string[];
                            /** @enum {string} */
                            status: "open" | "closed";
                            subject_id: string;
                            subject_type: string;
                            /** @description it closes this long after its last report */
                            ttl_seconds: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's keys (never their secrets): the caller's own; the operator may name any with `tenant_id`
         * @description Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "keys": [
                         *         {
                         *           "id": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *           "tenant_id": "5c3e1f0a-8b2d-4c6e-9f1a-2b3c4d5e6f70",
                         *           "name": "quickstart",
                         *           "scopes": [
                         *             "signal:write",
                         *             "signal:read"
                         *           ],
                         *           "agent_id": null,
                         *           "created_at": "2026-12-01T09:30:00.000Z",
                         *           "revoked_at": null,
                         *           "rate_limit": null
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            keys?: {
                                agent_id?: string | null;
                                created_at?: string;
                                id?: string;
                                name?: string | null;
                                /** @description the key's own write rate limit; null = the hub's default */
                                rate_limit?: {
                                    burst?: number;
                                    per_second?: number;
                                } | null;
                                revoked_at?: string | null;
                                scopes?: string[];
                                tenant_id?: string;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key; the secret `key` is shown in this response only
         * @description `tenantId` defaults to the caller's tenant; a tenant admin may name only its own (else 403 `tenant_forbidden`), the operator any. Only an operator key may grant the `operator` scope (else 403 `scope_forbidden`) or a `rateLimit` above the hub default (else 403 `rate_limit_forbidden`).
         *
         *     Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "scopes": [
                     *         "signal:write",
                     *         "signal:read"
                     *       ],
                     *       "name": "quickstart"
                     *     }
                     */
                    "application/json": {
                        agentId?: string;
                        name?: string;
                        /** @description token bucket for HTTP writes and sensor messages of this key */
                        rateLimit?: {
                            burst: number;
                            perSecond: number;
                        };
                        scopes: ("operator" | "admin" | "signal:write" | "signal:read" | "agent:write" | "dashboard:read" | "blocklist:read" | "mitigation:write")[];
                        /** Format: uuid */
                        tenantId?: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *       "tenant_id": "5c3e1f0a-8b2d-4c6e-9f1a-2b3c4d5e6f70",
                         *       "name": "quickstart",
                         *       "scopes": [
                         *         "signal:write",
                         *         "signal:read"
                         *       ],
                         *       "agent_id": null,
                         *       "created_at": "2026-12-01T09:30:00.000Z",
                         *       "revoked_at": null,
                         *       "rate_limit": null,
                         *       "key": "qk_live_3f9c2a7b1d4e6f8a0b2c4d6e8f0a1b3c5d7e9f0a1b2c3d4e"
                         *     }
                         */
                        "application/json": {
                            agent_id?: string | null;
                            created_at?: string;
                            id?: string;
                            key?: string;
                            name?: string | null;
                            /** @description the key's own write rate limit; null = the hub's default */
                            rate_limit?: {
                                burst?: number;
                                per_second?: number;
                            } | null;
                            revoked_at?: string | null;
                            scopes?: string[];
                            tenant_id?: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key: a tenant admin its own tenant's (another tenant's id is 404, like an unknown one), the operator any
         * @description A key revoked before answers 409 `already_revoked`.
         *
         *     Needs scope `admin`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description revoked: the key stops working at once */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/mitigations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List mitigations, newest first, with cursor pagination
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    indicator?: string;
                    limit?: number;
                    since?: string;
                    status?: "active" | "withdrawn" | "expired" | "rejected";
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "mitigations": [
                         *         {
                         *           "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *           "status": "active",
                         *           "action": "block",
                         *           "block_type": "IP",
                         *           "indicator": "10.0.0.5/32",
                         *           "origin": "correlation",
                         *           "created_at": "2026-12-02T08:00:00Z",
                         *           "expires_at": "2026-12-02T09:00:00Z",
                         *           "ended_at": null,
                         *           "end_reason": null,
                         *           "ttl_seconds": 3600,
                         *           "extended_count": 0,
                         *           "rejection_code": null,
                         *           "rejection_reason": null,
                         *           "correlation": {
                         *             "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *             "rule": "ddos_by_victim",
                         *             "playbook": "block_victim_traffic",
                         *             "derived_confidence": 0.9,
                         *             "source_count": 2,
                         *             "sources": [
                         *               "fastnetmon",
                         *               "alertmanager"
                         *             ],
                         *             "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)"
                         *           }
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            mitigations: {
                                action: string;
                                block_type: string;
                                /** @description the correlation summary of a correlated mitigation; null for the other origins */
                                correlation: {
                                    derived_confidence?: number | null;
                                    explanation?: string;
                                    group_id?: string | null;
                                    playbook?: string | null;
                                    rule?: string | null;
                                    source_count?: number | null;
                                    sources?: string[];
                                } | null;
                                /** Format: date-time */
                                created_at: string;
                                end_reason: string | null;
                                /** Format: date-time */
                                ended_at: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                /** Format: uuid */
                                id: string;
                                indicator: string;
                                /** @description correlation, manual, automatic or fleet */
                                origin: string;
                                rejection_code: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                                ttl_seconds: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Block an indicator by hand (guardrails apply; an active block covering it is extended instead)
         * @description Needs scope `mitigation:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "indicator": "198.51.100.23",
                     *       "ttl_seconds": 600,
                     *       "reason": "credential stuffing from this address"
                     *     }
                     */
                    "application/json": {
                        indicator: string;
                        reason?: string;
                        ttl_seconds: number;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "mitigation": {
                         *         "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *         "status": "withdrawn",
                         *         "action": "block",
                         *         "block_type": "IP",
                         *         "indicator": "10.0.0.5/32",
                         *         "origin": "correlation",
                         *         "created_at": "2026-12-02T08:00:00Z",
                         *         "expires_at": "2026-12-02T09:00:00Z",
                         *         "ended_at": "2026-12-02T08:20:00Z",
                         *         "end_reason": "withdrawn by API key 9b1c…: false positive",
                         *         "ttl_seconds": 3600,
                         *         "extended_count": 0,
                         *         "rejection_code": null,
                         *         "rejection_reason": null,
                         *         "correlation": {
                         *           "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *           "rule": "ddos_by_victim",
                         *           "playbook": "block_victim_traffic",
                         *           "derived_confidence": 0.9,
                         *           "source_count": 2,
                         *           "sources": [
                         *             "fastnetmon",
                         *             "alertmanager"
                         *           ],
                         *           "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)"
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            mitigation: {
                                action: string;
                                block_type: string;
                                /** @description the correlation summary of a correlated mitigation; null for the other origins */
                                correlation: {
                                    derived_confidence?: number | null;
                                    explanation?: string;
                                    group_id?: string | null;
                                    playbook?: string | null;
                                    rule?: string | null;
                                    source_count?: number | null;
                                    sources?: string[];
                                } | null;
                                /** Format: date-time */
                                created_at: string;
                                end_reason: string | null;
                                /** Format: date-time */
                                ended_at: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                /** Format: uuid */
                                id: string;
                                indicator: string;
                                /** @description correlation, manual, automatic or fleet */
                                origin: string;
                                rejection_code: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                                ttl_seconds: number;
                            };
                            /** @enum {string} */
                            outcome?: "created" | "extended";
                        };
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "mitigation": {
                         *         "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *         "status": "withdrawn",
                         *         "action": "block",
                         *         "block_type": "IP",
                         *         "indicator": "10.0.0.5/32",
                         *         "origin": "correlation",
                         *         "created_at": "2026-12-02T08:00:00Z",
                         *         "expires_at": "2026-12-02T09:00:00Z",
                         *         "ended_at": "2026-12-02T08:20:00Z",
                         *         "end_reason": "withdrawn by API key 9b1c…: false positive",
                         *         "ttl_seconds": 3600,
                         *         "extended_count": 0,
                         *         "rejection_code": null,
                         *         "rejection_reason": null,
                         *         "correlation": {
                         *           "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *           "rule": "ddos_by_victim",
                         *           "playbook": "block_victim_traffic",
                         *           "derived_confidence": 0.9,
                         *           "source_count": 2,
                         *           "sources": [
                         *             "fastnetmon",
                         *             "alertmanager"
                         *           ],
                         *           "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)"
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            mitigation: {
                                action: string;
                                block_type: string;
                                /** @description the correlation summary of a correlated mitigation; null for the other origins */
                                correlation: {
                                    derived_confidence?: number | null;
                                    explanation?: string;
                                    group_id?: string | null;
                                    playbook?: string | null;
                                    rule?: string | null;
                                    source_count?: number | null;
                                    sources?: string[];
                                } | null;
                                /** Format: date-time */
                                created_at: string;
                                end_reason: string | null;
                                /** Format: date-time */
                                ended_at: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                /** Format: uuid */
                                id: string;
                                indicator: string;
                                /** @description correlation, manual, automatic or fleet */
                                origin: string;
                                rejection_code: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                                ttl_seconds: number;
                            };
                            /** @enum {string} */
                            outcome?: "created" | "extended";
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unprocessable: a guardrail or the store refused it; nothing changed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["GuardrailRejection"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/mitigations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One mitigation with its full explanation as stored at decision time
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *       "status": "active",
                         *       "action": "block",
                         *       "block_type": "IP",
                         *       "indicator": "10.0.0.5/32",
                         *       "origin": "correlation",
                         *       "created_at": "2026-12-02T08:00:00Z",
                         *       "expires_at": "2026-12-02T09:00:00Z",
                         *       "ended_at": null,
                         *       "end_reason": null,
                         *       "ttl_seconds": 3600,
                         *       "extended_count": 0,
                         *       "rejection_code": null,
                         *       "rejection_reason": null,
                         *       "correlation": {
                         *         "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *         "rule": "ddos_by_victim",
                         *         "playbook": "block_victim_traffic",
                         *         "derived_confidence": 0.9,
                         *         "source_count": 2,
                         *         "sources": [
                         *           "fastnetmon",
                         *           "alertmanager"
                         *         ],
                         *         "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)"
                         *       },
                         *       "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *       "created_by": null,
                         *       "explanation": {
                         *         "kind": "correlation",
                         *         "text": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)",
                         *         "rule": "ddos_by_victim",
                         *         "playbook": "block_victim_traffic",
                         *         "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *         "decided_at": "2026-12-02T08:00:00Z",
                         *         "thresholds": {
                         *           "min_sources": 2,
                         *           "confidence_threshold": 0.7,
                         *           "window_seconds": 300,
                         *           "decay_half_life_seconds": 0
                         *         },
                         *         "derived_confidence": 0.9,
                         *         "distinct_sources": 2,
                         *         "sources": [
                         *           {
                         *             "source": "fastnetmon",
                         *             "confidence": 0.9,
                         *             "weight": 1,
                         *             "signal_id": "41"
                         *           },
                         *           {
                         *             "source": "alertmanager",
                         *             "confidence": 0.9,
                         *             "weight": 0.8,
                         *             "signal_id": "42"
                         *           }
                         *         ]
                         *       }
                         *     }
                         */
                        "application/json": {
                            action: string;
                            block_type: string;
                            /** @description the correlation summary of a correlated mitigation; null for the other origins */
                            correlation: {
                                derived_confidence?: number | null;
                                explanation?: string;
                                group_id?: string | null;
                                playbook?: string | null;
                                rule?: string | null;
                                source_count?: number | null;
                                sources?: string[];
                            } | null;
                            /** Format: date-time */
                            created_at: string;
                            created_by: string | null;
                            end_reason: string | null;
                            /** Format: date-time */
                            ended_at: string | null;
                            /** Format: date-time */
                            expires_at: string;
                            /** @description as stored at decision time; later policy changes never rewrite it */
                            explanation: {
                                /** Format: date-time */
                                decided_at: string;
                                derived_confidence?: number;
                                distinct_sources?: number;
                                group_id?: string;
                                group_key?: {
                                    [key: string]: unknown;
                                };
                                kind: string;
                                playbook?: string;
                                reason?: string;
                                rule?: string;
                                signals?: {
                                    confidence?: number;
                                    decayed_confidence?: number;
                                    id?: string;
                                    /** Format: date-time */
                                    observed_at?: string;
                                    source?: string;
                                    weight?: number;
                                }[];
                                sources?: {
                                    confidence?: number;
                                    signal_id?: string;
                                    source?: string;
                                    weight?: number;
                                }[];
                                text: string;
                                thresholds?: {
                                    confidence_threshold?: number;
                                    decay_half_life_seconds?: number;
                                    min_sources?: number;
                                    window_seconds?: number;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                            extended_count: number;
                            group_id: string | null;
                            /** Format: uuid */
                            id: string;
                            indicator: string;
                            /** @description correlation, manual, automatic or fleet */
                            origin: string;
                            rejection_code: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            status: "active" | "withdrawn" | "expired" | "rejected";
                            ttl_seconds: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/mitigations/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw an active mitigation
         * @description Needs scope `mitigation:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "reason": "false positive: our load test"
                     *     }
                     */
                    "application/json": {
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "mitigation": {
                         *         "id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *         "status": "withdrawn",
                         *         "action": "block",
                         *         "block_type": "IP",
                         *         "indicator": "10.0.0.5/32",
                         *         "origin": "correlation",
                         *         "created_at": "2026-12-02T08:00:00Z",
                         *         "expires_at": "2026-12-02T09:00:00Z",
                         *         "ended_at": "2026-12-02T08:20:00Z",
                         *         "end_reason": "withdrawn by API key 9b1c…: false positive",
                         *         "ttl_seconds": 3600,
                         *         "extended_count": 0,
                         *         "rejection_code": null,
                         *         "rejection_reason": null,
                         *         "correlation": {
                         *           "group_id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *           "rule": "ddos_by_victim",
                         *           "playbook": "block_victim_traffic",
                         *           "derived_confidence": 0.9,
                         *           "source_count": 2,
                         *           "sources": [
                         *             "fastnetmon",
                         *             "alertmanager"
                         *           ],
                         *           "explanation": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)"
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            mitigation: {
                                action: string;
                                block_type: string;
                                /** @description the correlation summary of a correlated mitigation; null for the other origins */
                                correlation: {
                                    derived_confidence?: number | null;
                                    explanation?: string;
                                    group_id?: string | null;
                                    playbook?: string | null;
                                    rule?: string | null;
                                    source_count?: number | null;
                                    sources?: string[];
                                } | null;
                                /** Format: date-time */
                                created_at: string;
                                end_reason: string | null;
                                /** Format: date-time */
                                ended_at: string | null;
                                /** Format: date-time */
                                expires_at: string;
                                extended_count: number;
                                /** Format: uuid */
                                id: string;
                                indicator: string;
                                /** @description correlation, manual, automatic or fleet */
                                origin: string;
                                rejection_code: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                status: "active" | "withdrawn" | "expired" | "rejected";
                                ttl_seconds: number;
                            };
                            /** @enum {string} */
                            outcome?: "created" | "extended";
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/incident": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Markdown incident report of a mitigation (mitigation_id) or of an incident (incident_id, GET /v1/incidents)
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    incident_id?: string;
                    /** @example 3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11 */
                    mitigation_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the report, in Markdown */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/markdown": string;
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's rollouts, newest first, with their counts
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "rollouts": [
                         *         {
                         *           "id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                         *           "kind": "rules",
                         *           "version": "2026.12.03-1",
                         *           "strategy": "canary",
                         *           "targets": {
                         *             "sensorIds": [
                         *               "edge-fra-1"
                         *             ]
                         *           },
                         *           "canary": {
                         *             "percent": 10,
                         *             "soakSeconds": 300
                         *           },
                         *           "at": null,
                         *           "state": "running",
                         *           "phase": "canary",
                         *           "reason": null,
                         *           "canary_acked_at": "2026-12-03T09:01:10Z",
                         *           "created_at": "2026-12-03T09:01:00Z",
                         *           "created_by": "ops-admin",
                         *           "started_at": "2026-12-03T09:01:00Z",
                         *           "promoted_at": null,
                         *           "finished_at": null,
                         *           "counts": {
                         *             "targets": 20,
                         *             "canaries": 2,
                         *             "waiting": 18,
                         *             "pending": 0,
                         *             "sent": 0,
                         *             "applied": 2,
                         *             "failed": 0,
                         *             "rolled_back": 0
                         *           }
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            next_cursor: string | null;
                            rollouts: {
                                /** Format: date-time */
                                at: string | null;
                                canary: {
                                    [key: string]: unknown;
                                } | null;
                                /**
                                 * Format: date-time
                                 * @description when every canary had applied it: the soak runs from here
                                 */
                                canary_acked_at: string | null;
                                counts: {
                                    applied: number;
                                    canaries: number;
                                    failed: number;
                                    pending: number;
                                    rolled_back: number;
                                    sent: number;
                                    targets: number;
                                    waiting: number;
                                };
                                /** Format: date-time */
                                created_at: string;
                                created_by: string;
                                /** Format: date-time */
                                finished_at: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                kind: "rules" | "config";
                                /** @enum {string} */
                                phase: "waiting" | "canary" | "full" | "done";
                                /** Format: date-time */
                                promoted_at: string | null;
                                /** @description why it ended as it did (a rollback names the canary and what happened) */
                                reason: string | null;
                                /** Format: date-time */
                                started_at: string | null;
                                /** @enum {string} */
                                state: "scheduled" | "running" | "completed" | "rolled_back" | "aborted";
                                /** @enum {string} */
                                strategy: "immediate" | "canary" | "scheduled";
                                targets: {
                                    [key: string]: unknown;
                                };
                                version: string;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Roll a version out to the sensors the targets select: immediate, canary first, or scheduled (409 while another of its kind is active)
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "kind": "rules",
                     *       "version": "2026.12.03-1",
                     *       "strategy": "canary",
                     *       "targets": {
                     *         "sensorIds": [
                     *           "edge-fra-1"
                     *         ]
                     *       },
                     *       "canary": {
                     *         "percent": 10,
                     *         "soakSeconds": 300
                     *       }
                     *     }
                     */
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description when a scheduled rollout starts (RFC 3339, in the future)
                         */
                        at?: string;
                        /** @description the first wave: a percentage of the targets (rounded up, at least 1) or these sensors (among the targets); exactly one of the two */
                        canary?: {
                            percent?: number;
                            sensorIds?: string[];
                            /** @description how long every canary must have applied the version and stay healthy before the rest follow */
                            soakSeconds: number;
                        };
                        /** @enum {string} */
                        kind: "rules" | "config";
                        /**
                         * @description immediate: all targets now; canary: the canary wave first; scheduled: at `at` (with a canary wave when `canary` is given)
                         * @enum {string}
                         */
                        strategy: "immediate" | "canary" | "scheduled";
                        /**
                         * @description Approved sensors matching every field given ({} selects every approved sensor of the tenant)
                         * @example {
                         *       "tags": [
                         *         "edge",
                         *         "eu"
                         *       ],
                         *       "connected": true
                         *     }
                         */
                        targets: {
                            connected?: boolean;
                            sensorIds?: string[];
                            tags?: string[];
                            version?: string;
                        };
                        /**
                         * @description the version the tenant names it by: unique per kind, immutable
                         * @example 2026.12.03-1
                         */
                        version: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                         *       "kind": "rules",
                         *       "version": "2026.12.03-1",
                         *       "strategy": "canary",
                         *       "targets": {
                         *         "sensorIds": [
                         *           "edge-fra-1"
                         *         ]
                         *       },
                         *       "canary": {
                         *         "percent": 10,
                         *         "soakSeconds": 300
                         *       },
                         *       "at": null,
                         *       "state": "running",
                         *       "phase": "canary",
                         *       "reason": null,
                         *       "canary_acked_at": "2026-12-03T09:01:10Z",
                         *       "created_at": "2026-12-03T09:01:00Z",
                         *       "created_by": "ops-admin",
                         *       "started_at": "2026-12-03T09:01:00Z",
                         *       "promoted_at": null,
                         *       "finished_at": null,
                         *       "counts": {
                         *         "targets": 20,
                         *         "canaries": 2,
                         *         "waiting": 18,
                         *         "pending": 0,
                         *         "sent": 0,
                         *         "applied": 2,
                         *         "failed": 0,
                         *         "rolled_back": 0
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            at: string | null;
                            canary: {
                                [key: string]: unknown;
                            } | null;
                            /**
                             * Format: date-time
                             * @description when every canary had applied it: the soak runs from here
                             */
                            canary_acked_at: string | null;
                            counts: {
                                applied: number;
                                canaries: number;
                                failed: number;
                                pending: number;
                                rolled_back: number;
                                sent: number;
                                targets: number;
                                waiting: number;
                            };
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            /** Format: date-time */
                            finished_at: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "rules" | "config";
                            /** @enum {string} */
                            phase: "waiting" | "canary" | "full" | "done";
                            /** Format: date-time */
                            promoted_at: string | null;
                            /** @description why it ended as it did (a rollback names the canary and what happened) */
                            reason: string | null;
                            /** Format: date-time */
                            started_at: string | null;
                            /** @enum {string} */
                            state: "scheduled" | "running" | "completed" | "rolled_back" | "aborted";
                            /** @enum {string} */
                            strategy: "immediate" | "canary" | "scheduled";
                            targets: {
                                [key: string]: unknown;
                            };
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollouts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One rollout: state, phase, counts and every target's progress
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                         *       "kind": "rules",
                         *       "version": "2026.12.03-1",
                         *       "strategy": "canary",
                         *       "targets": {
                         *         "sensorIds": [
                         *           "edge-fra-1"
                         *         ]
                         *       },
                         *       "canary": {
                         *         "percent": 10,
                         *         "soakSeconds": 300
                         *       },
                         *       "at": null,
                         *       "state": "running",
                         *       "phase": "canary",
                         *       "reason": null,
                         *       "canary_acked_at": "2026-12-03T09:01:10Z",
                         *       "created_at": "2026-12-03T09:01:00Z",
                         *       "created_by": "ops-admin",
                         *       "started_at": "2026-12-03T09:01:00Z",
                         *       "promoted_at": null,
                         *       "finished_at": null,
                         *       "counts": {
                         *         "targets": 20,
                         *         "canaries": 2,
                         *         "waiting": 18,
                         *         "pending": 0,
                         *         "sent": 0,
                         *         "applied": 2,
                         *         "failed": 0,
                         *         "rolled_back": 0
                         *       },
                         *       "sensors": [
                         *         {
                         *           "sensor_id": "edge-fra-1",
                         *           "canary": true,
                         *           "status": "applied",
                         *           "message": "rules loaded",
                         *           "health": "healthy",
                         *           "previous_version": "2026.11.20-4",
                         *           "command_id": "0b6f3f8e-2a41-4c55-9d3e-7f1a2b3c4d5e",
                         *           "updated_at": "2026-12-03T09:01:10Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            at: string | null;
                            canary: {
                                [key: string]: unknown;
                            } | null;
                            /**
                             * Format: date-time
                             * @description when every canary had applied it: the soak runs from here
                             */
                            canary_acked_at: string | null;
                            counts: {
                                applied: number;
                                canaries: number;
                                failed: number;
                                pending: number;
                                rolled_back: number;
                                sent: number;
                                targets: number;
                                waiting: number;
                            };
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            /** Format: date-time */
                            finished_at: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "rules" | "config";
                            /** @enum {string} */
                            phase: "waiting" | "canary" | "full" | "done";
                            /** Format: date-time */
                            promoted_at: string | null;
                            /** @description why it ended as it did (a rollback names the canary and what happened) */
                            reason: string | null;
                            /** @description each target's progress, canaries first: its push (waiting, pending, sent, applied, failed, rolled_back), the sensor's message, its health now */
                            sensors: {
                                canary: boolean;
                                /** Format: uuid */
                                command_id: string | null;
                                /** @enum {string} */
                                health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                                message: string | null;
                                /** @description the version it had applied before: what a rollback pushes back */
                                previous_version: string | null;
                                sensor_id: string;
                                /** @enum {string} */
                                status: "waiting" | "pending" | "sent" | "applied" | "failed" | "rolled_back";
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                            /** Format: date-time */
                            started_at: string | null;
                            /** @enum {string} */
                            state: "scheduled" | "running" | "completed" | "rolled_back" | "aborted";
                            /** @enum {string} */
                            strategy: "immediate" | "canary" | "scheduled";
                            targets: {
                                [key: string]: unknown;
                            };
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollouts/{id}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Abort an active rollout: no further wave is pushed and pushes not yet sent are cancelled
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                         *       "kind": "rules",
                         *       "version": "2026.12.03-1",
                         *       "strategy": "canary",
                         *       "targets": {
                         *         "sensorIds": [
                         *           "edge-fra-1"
                         *         ]
                         *       },
                         *       "canary": {
                         *         "percent": 10,
                         *         "soakSeconds": 300
                         *       },
                         *       "at": null,
                         *       "state": "running",
                         *       "phase": "canary",
                         *       "reason": null,
                         *       "canary_acked_at": "2026-12-03T09:01:10Z",
                         *       "created_at": "2026-12-03T09:01:00Z",
                         *       "created_by": "ops-admin",
                         *       "started_at": "2026-12-03T09:01:00Z",
                         *       "promoted_at": null,
                         *       "finished_at": null,
                         *       "counts": {
                         *         "targets": 20,
                         *         "canaries": 2,
                         *         "waiting": 18,
                         *         "pending": 0,
                         *         "sent": 0,
                         *         "applied": 2,
                         *         "failed": 0,
                         *         "rolled_back": 0
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            at: string | null;
                            canary: {
                                [key: string]: unknown;
                            } | null;
                            /**
                             * Format: date-time
                             * @description when every canary had applied it: the soak runs from here
                             */
                            canary_acked_at: string | null;
                            counts: {
                                applied: number;
                                canaries: number;
                                failed: number;
                                pending: number;
                                rolled_back: number;
                                sent: number;
                                targets: number;
                                waiting: number;
                            };
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            /** Format: date-time */
                            finished_at: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "rules" | "config";
                            /** @enum {string} */
                            phase: "waiting" | "canary" | "full" | "done";
                            /** Format: date-time */
                            promoted_at: string | null;
                            /** @description why it ended as it did (a rollback names the canary and what happened) */
                            reason: string | null;
                            /** Format: date-time */
                            started_at: string | null;
                            /** @enum {string} */
                            state: "scheduled" | "running" | "completed" | "rolled_back" | "aborted";
                            /** @enum {string} */
                            strategy: "immediate" | "canary" | "scheduled";
                            targets: {
                                [key: string]: unknown;
                            };
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollouts/{id}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Promote a rollout in its canary phase now: the other targets get it
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                         *       "kind": "rules",
                         *       "version": "2026.12.03-1",
                         *       "strategy": "canary",
                         *       "targets": {
                         *         "sensorIds": [
                         *           "edge-fra-1"
                         *         ]
                         *       },
                         *       "canary": {
                         *         "percent": 10,
                         *         "soakSeconds": 300
                         *       },
                         *       "at": null,
                         *       "state": "running",
                         *       "phase": "canary",
                         *       "reason": null,
                         *       "canary_acked_at": "2026-12-03T09:01:10Z",
                         *       "created_at": "2026-12-03T09:01:00Z",
                         *       "created_by": "ops-admin",
                         *       "started_at": "2026-12-03T09:01:00Z",
                         *       "promoted_at": null,
                         *       "finished_at": null,
                         *       "counts": {
                         *         "targets": 20,
                         *         "canaries": 2,
                         *         "waiting": 18,
                         *         "pending": 0,
                         *         "sent": 0,
                         *         "applied": 2,
                         *         "failed": 0,
                         *         "rolled_back": 0
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            at: string | null;
                            canary: {
                                [key: string]: unknown;
                            } | null;
                            /**
                             * Format: date-time
                             * @description when every canary had applied it: the soak runs from here
                             */
                            canary_acked_at: string | null;
                            counts: {
                                applied: number;
                                canaries: number;
                                failed: number;
                                pending: number;
                                rolled_back: number;
                                sent: number;
                                targets: number;
                                waiting: number;
                            };
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            /** Format: date-time */
                            finished_at: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "rules" | "config";
                            /** @enum {string} */
                            phase: "waiting" | "canary" | "full" | "done";
                            /** Format: date-time */
                            promoted_at: string | null;
                            /** @description why it ended as it did (a rollback names the canary and what happened) */
                            reason: string | null;
                            /** Format: date-time */
                            started_at: string | null;
                            /** @enum {string} */
                            state: "scheduled" | "running" | "completed" | "rolled_back" | "aborted";
                            /** @enum {string} */
                            strategy: "immediate" | "canary" | "scheduled";
                            targets: {
                                [key: string]: unknown;
                            };
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rule-bundles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's rule bundle versions, newest first (without their documents)
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "versions": [
                         *         {
                         *           "version": "2026.12.03-1",
                         *           "hash": "3f1c9a4e0b6d2c8f7a5e1d3b9c0f4a6e8d2b7c5a1e3f9d0b4c6a8e2f7d1b3c5a",
                         *           "size": 74,
                         *           "created_at": "2026-12-03T09:00:00Z",
                         *           "created_by": "ops-admin"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            versions: {
                                /** Format: date-time */
                                created_at: string;
                                created_by: string;
                                /** @description SHA-256 (hex) of the canonical serialisation: keys sorted at every depth, no whitespace (docs/fleet.md) */
                                hash: string;
                                /** @description bytes of the canonical serialisation */
                                size: number;
                                version: string;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload a rule bundle as a new immutable version (409 when the version exists)
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "version": "2026.12.03-1",
                     *       "document": {
                     *         "rules": [
                     *           {
                     *             "id": "sqli-1",
                     *             "match": "union select",
                     *             "action": "block"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @description the rule bundle: {"rules": [...]} of objects each with a unique string `id` (other members are the sensor's business) */
                        document: {
                            [key: string]: unknown;
                        };
                        /**
                         * @description the version the tenant names it by: unique per kind, immutable
                         * @example 2026.12.03-1
                         */
                        version: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": "2026.12.03-1",
                         *       "hash": "3f1c9a4e0b6d2c8f7a5e1d3b9c0f4a6e8d2b7c5a1e3f9d0b4c6a8e2f7d1b3c5a",
                         *       "size": 74,
                         *       "created_at": "2026-12-03T09:00:00Z",
                         *       "created_by": "ops-admin"
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            /** @description SHA-256 (hex) of the canonical serialisation: keys sorted at every depth, no whitespace (docs/fleet.md) */
                            hash: string;
                            /** @description bytes of the canonical serialisation */
                            size: number;
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rule-bundles/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One rule bundle version with its document
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description the version the tenant names it by: unique per kind, immutable
                     * @example 2026.12.03-1
                     */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": "2026.12.03-1",
                         *       "hash": "3f1c9a4e0b6d2c8f7a5e1d3b9c0f4a6e8d2b7c5a1e3f9d0b4c6a8e2f7d1b3c5a",
                         *       "size": 74,
                         *       "created_at": "2026-12-03T09:00:00Z",
                         *       "created_by": "ops-admin",
                         *       "document": {
                         *         "rules": [
                         *           {
                         *             "id": "sqli-1",
                         *             "match": "union select",
                         *             "action": "block"
                         *           }
                         *         ]
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            document: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 (hex) of the canonical serialisation: keys sorted at every depth, no whitespace (docs/fleet.md) */
                            hash: string;
                            /** @description bytes of the canonical serialisation */
                            size: number;
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/safelist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's safelist entries in force (the config's guardrails.safelist applies as well); expired entries are left out
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "entries": [
                         *         {
                         *           "id": "5d2e1f0a-3b4c-4d5e-8f60-718293a4b5c6",
                         *           "cidr": "192.0.2.0/24",
                         *           "reason": "our office",
                         *           "created_at": "2026-12-02T08:00:00Z",
                         *           "expiresAt": null
                         *         },
                         *         {
                         *           "id": "6e3f2a1b-4c5d-4e6f-9a71-8293a4b5c6d7",
                         *           "cidr": "198.51.100.7/32",
                         *           "reason": "pen test this week",
                         *           "created_at": "2026-12-03T08:00:00Z",
                         *           "expiresAt": "2026-12-08T10:00:00Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            entries: {
                                cidr: string;
                                /** Format: date-time */
                                created_at: string;
                                /**
                                 * Format: date-time
                                 * @description when the entry stops counting; null: until removed
                                 */
                                expiresAt: string | null;
                                /** Format: uuid */
                                id: string;
                                reason: string | null;
                            }[];
                        };
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Safelist an address or prefix (until expiresAt, when given): it is never blocked, and active blocks overlapping it are withdrawn
         * @description Needs scope `mitigation:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        cidr: string;
                        /** @description RFC 3339; in the future and at most 365 days ahead; left out, the entry stays until removed */
                        expiresAt?: string;
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "5d2e1f0a-3b4c-4d5e-8f60-718293a4b5c6",
                         *       "cidr": "192.0.2.0/24",
                         *       "expiresAt": null,
                         *       "withdrawn": [
                         *         "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11"
                         *       ]
                         *     }
                         */
                        "application/json": {
                            cidr: string;
                            /**
                             * Format: date-time
                             * @description when the entry stops counting; null: until removed
                             */
                            expiresAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description the active blocks the entry lifted (mitigation ids) */
                            withdrawn: string[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/safelist/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a safelist entry
         * @description Needs scope `mitigation:write`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 5d2e1f0a-3b4c-4d5e-8f60-718293a4b5c6 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensor-configs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's sensor config versions, newest first (without their documents)
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "versions": [
                         *         {
                         *           "version": "2026.12.03-1",
                         *           "hash": "3f1c9a4e0b6d2c8f7a5e1d3b9c0f4a6e8d2b7c5a1e3f9d0b4c6a8e2f7d1b3c5a",
                         *           "size": 74,
                         *           "created_at": "2026-12-03T09:00:00Z",
                         *           "created_by": "ops-admin"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            versions: {
                                /** Format: date-time */
                                created_at: string;
                                created_by: string;
                                /** @description SHA-256 (hex) of the canonical serialisation: keys sorted at every depth, no whitespace (docs/fleet.md) */
                                hash: string;
                                /** @description bytes of the canonical serialisation */
                                size: number;
                                version: string;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload a sensor config as a new immutable version (409 when the version exists)
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "version": "cfg-7",
                     *       "document": {
                     *         "rateLimit": {
                     *           "perMinute": 600
                     *         },
                     *         "logLevel": "info"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @description the sensor config: any JSON object */
                        document: {
                            [key: string]: unknown;
                        };
                        /**
                         * @description the version the tenant names it by: unique per kind, immutable
                         * @example 2026.12.03-1
                         */
                        version: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": "2026.12.03-1",
                         *       "hash": "3f1c9a4e0b6d2c8f7a5e1d3b9c0f4a6e8d2b7c5a1e3f9d0b4c6a8e2f7d1b3c5a",
                         *       "size": 74,
                         *       "created_at": "2026-12-03T09:00:00Z",
                         *       "created_by": "ops-admin"
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            /** @description SHA-256 (hex) of the canonical serialisation: keys sorted at every depth, no whitespace (docs/fleet.md) */
                            hash: string;
                            /** @description bytes of the canonical serialisation */
                            size: number;
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensor-configs/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One sensor config version with its document
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description the version the tenant names it by: unique per kind, immutable
                     * @example 2026.12.03-1
                     */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": "2026.12.03-1",
                         *       "hash": "3f1c9a4e0b6d2c8f7a5e1d3b9c0f4a6e8d2b7c5a1e3f9d0b4c6a8e2f7d1b3c5a",
                         *       "size": 74,
                         *       "created_at": "2026-12-03T09:00:00Z",
                         *       "created_by": "ops-admin",
                         *       "document": {
                         *         "rules": [
                         *           {
                         *             "id": "sqli-1",
                         *             "match": "union select",
                         *             "action": "block"
                         *           }
                         *         ]
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            document: {
                                [key: string]: unknown;
                            };
                            /** @description SHA-256 (hex) of the canonical serialisation: keys sorted at every depth, no whitespace (docs/fleet.md) */
                            hash: string;
                            /** @description bytes of the canonical serialisation */
                            size: number;
                            version: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's sensors: approval, connection state, version, last heartbeat, address, hub, blocklist version, health and sync state
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    approval?: "pending" | "approved" | "rejected" | "decommissioned";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sensors": [
                         *         {
                         *           "sensor_id": "edge-fra-1",
                         *           "name": "Frankfurt edge",
                         *           "kind": "synapse",
                         *           "version": "2.4.1",
                         *           "region": "eu-central",
                         *           "protocol_version": "1.0",
                         *           "approval_status": "approved",
                         *           "state": "connected",
                         *           "hub_id": "hub-a-4211-9f3c1e",
                         *           "last_address": "203.0.113.10",
                         *           "connected_at": "2026-12-03T09:10:00Z",
                         *           "disconnected_at": null,
                         *           "last_heartbeat_at": "2026-12-03T09:14:30Z",
                         *           "blocklist_version": 43,
                         *           "registration_token_id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *           "created_at": "2026-12-01T08:00:00Z",
                         *           "tags": [
                         *             "edge",
                         *             "eu"
                         *           ],
                         *           "health": "healthy",
                         *           "health_since": "2026-12-03T09:10:02Z",
                         *           "sync": {
                         *             "config": {
                         *               "expected": null,
                         *               "reported": "cfg-7f3a",
                         *               "state": "in_sync",
                         *               "since": "2026-12-01T09:00:00Z"
                         *             },
                         *             "rules": {
                         *               "expected": "rules-2b7d",
                         *               "reported": "rules-19c2",
                         *               "state": "behind",
                         *               "since": "2026-12-01T09:00:00Z"
                         *             },
                         *             "blocklist": {
                         *               "expected": 43,
                         *               "reported": 43,
                         *               "state": "in_sync",
                         *               "since": "2026-12-01T09:00:00Z"
                         *             }
                         *           }
                         *         },
                         *         {
                         *           "sensor_id": "edge-ams-2",
                         *           "name": null,
                         *           "kind": "synapse",
                         *           "version": "2.4.1",
                         *           "region": "eu-central",
                         *           "protocol_version": "1.0",
                         *           "approval_status": "pending",
                         *           "state": "disconnected",
                         *           "hub_id": "hub-a-4211-9f3c1e",
                         *           "last_address": "203.0.113.10",
                         *           "connected_at": "2026-12-03T09:10:00Z",
                         *           "disconnected_at": null,
                         *           "last_heartbeat_at": null,
                         *           "blocklist_version": null,
                         *           "registration_token_id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *           "created_at": "2026-12-01T08:00:00Z",
                         *           "tags": [
                         *             "edge",
                         *             "eu"
                         *           ],
                         *           "health": "unknown",
                         *           "health_since": null,
                         *           "sync": {
                         *             "config": {
                         *               "expected": null,
                         *               "reported": null,
                         *               "state": "unknown",
                         *               "since": null
                         *             },
                         *             "rules": {
                         *               "expected": null,
                         *               "reported": null,
                         *               "state": "unknown",
                         *               "since": null
                         *             },
                         *             "blocklist": {
                         *               "expected": 43,
                         *               "reported": null,
                         *               "state": "unknown",
                         *               "since": null
                         *             }
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            sensors: {
                                /** @enum {string} */
                                approval_status: "pending" | "approved" | "rejected" | "decommissioned";
                                /** @description the block-feed version its last heartbeat reported */
                                blocklist_version: number | null;
                                /** Format: date-time */
                                connected_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                disconnected_at: string | null;
                                /**
                                 * @description the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat
                                 * @enum {string}
                                 */
                                health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                                /**
                                 * Format: date-time
                                 * @description since when the sensor reports this status
                                 */
                                health_since: string | null;
                                /** @description the hub process that holds (or last held) its session */
                                hub_id: string | null;
                                kind: string;
                                /** @description the address it last connected from */
                                last_address: string | null;
                                /** Format: date-time */
                                last_heartbeat_at: string | null;
                                name: string | null;
                                protocol_version: string | null;
                                region: string | null;
                                /** @description the registration token that enrolled it (null: a key registered it) */
                                registration_token_id: string | null;
                                sensor_id: string;
                                /** @enum {string} */
                                state: "connected" | "disconnected";
                                sync: {
                                    blocklist: {
                                        /** @description the tenant's block-feed version */
                                        expected: number | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: number | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                    config: {
                                        /** @description the config hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                        expected: string | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: string | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                    rules: {
                                        /** @description the rules hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                        expected: string | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: string | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                };
                                /** @description labels fleet-wide commands and rollouts select by (PUT /v1/sensors/{id}/tags) */
                                tags: string[];
                                version: string | null;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One sensor of the tenant, with its health and sync state (the ids health, enrolment and registration-tokens are reserved: those paths are other routes)
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example edge-fra-1 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sensor_id": "edge-fra-1",
                         *       "name": "Frankfurt edge",
                         *       "kind": "synapse",
                         *       "version": "2.4.1",
                         *       "region": "eu-central",
                         *       "protocol_version": "1.0",
                         *       "approval_status": "approved",
                         *       "state": "connected",
                         *       "hub_id": "hub-a-4211-9f3c1e",
                         *       "last_address": "203.0.113.10",
                         *       "connected_at": "2026-12-03T09:10:00Z",
                         *       "disconnected_at": null,
                         *       "last_heartbeat_at": "2026-12-03T09:14:30Z",
                         *       "blocklist_version": 43,
                         *       "registration_token_id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *       "created_at": "2026-12-01T08:00:00Z",
                         *       "tags": [
                         *         "edge",
                         *         "eu"
                         *       ],
                         *       "health": "healthy",
                         *       "health_since": "2026-12-03T09:10:02Z",
                         *       "sync": {
                         *         "config": {
                         *           "expected": null,
                         *           "reported": "cfg-7f3a",
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "rules": {
                         *           "expected": "rules-2b7d",
                         *           "reported": "rules-19c2",
                         *           "state": "behind",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "blocklist": {
                         *           "expected": 43,
                         *           "reported": 43,
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            approval_status: "pending" | "approved" | "rejected" | "decommissioned";
                            /** @description the block-feed version its last heartbeat reported */
                            blocklist_version: number | null;
                            /** Format: date-time */
                            connected_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            disconnected_at: string | null;
                            /**
                             * @description the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat
                             * @enum {string}
                             */
                            health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                            /**
                             * Format: date-time
                             * @description since when the sensor reports this status
                             */
                            health_since: string | null;
                            /** @description the hub process that holds (or last held) its session */
                            hub_id: string | null;
                            kind: string;
                            /** @description the address it last connected from */
                            last_address: string | null;
                            /** Format: date-time */
                            last_heartbeat_at: string | null;
                            name: string | null;
                            protocol_version: string | null;
                            region: string | null;
                            /** @description the registration token that enrolled it (null: a key registered it) */
                            registration_token_id: string | null;
                            sensor_id: string;
                            /** @enum {string} */
                            state: "connected" | "disconnected";
                            sync: {
                                blocklist: {
                                    /** @description the tenant's block-feed version */
                                    expected: number | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: number | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                config: {
                                    /** @description the config hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                rules: {
                                    /** @description the rules hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                            };
                            /** @description labels fleet-wide commands and rollouts select by (PUT /v1/sensors/{id}/tags) */
                            tags: string[];
                            version: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Decommission a sensor: its session closes with 4003 and it is refused from then on (its record stays)
         * @description Needs scope `admin`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example edge-fra-1 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sensor_id": "edge-fra-1",
                         *       "name": "Frankfurt edge",
                         *       "kind": "synapse",
                         *       "version": "2.4.1",
                         *       "region": "eu-central",
                         *       "protocol_version": "1.0",
                         *       "approval_status": "approved",
                         *       "state": "connected",
                         *       "hub_id": "hub-a-4211-9f3c1e",
                         *       "last_address": "203.0.113.10",
                         *       "connected_at": "2026-12-03T09:10:00Z",
                         *       "disconnected_at": null,
                         *       "last_heartbeat_at": "2026-12-03T09:14:30Z",
                         *       "blocklist_version": 43,
                         *       "registration_token_id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *       "created_at": "2026-12-01T08:00:00Z",
                         *       "tags": [
                         *         "edge",
                         *         "eu"
                         *       ],
                         *       "health": "healthy",
                         *       "health_since": "2026-12-03T09:10:02Z",
                         *       "sync": {
                         *         "config": {
                         *           "expected": null,
                         *           "reported": "cfg-7f3a",
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "rules": {
                         *           "expected": "rules-2b7d",
                         *           "reported": "rules-19c2",
                         *           "state": "behind",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "blocklist": {
                         *           "expected": 43,
                         *           "reported": 43,
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            approval_status: "pending" | "approved" | "rejected" | "decommissioned";
                            /** @description the block-feed version its last heartbeat reported */
                            blocklist_version: number | null;
                            /** Format: date-time */
                            connected_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            disconnected_at: string | null;
                            /**
                             * @description the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat
                             * @enum {string}
                             */
                            health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                            /**
                             * Format: date-time
                             * @description since when the sensor reports this status
                             */
                            health_since: string | null;
                            /** @description the hub process that holds (or last held) its session */
                            hub_id: string | null;
                            kind: string;
                            /** @description the address it last connected from */
                            last_address: string | null;
                            /** Format: date-time */
                            last_heartbeat_at: string | null;
                            name: string | null;
                            protocol_version: string | null;
                            region: string | null;
                            /** @description the registration token that enrolled it (null: a key registered it) */
                            registration_token_id: string | null;
                            sensor_id: string;
                            /** @enum {string} */
                            state: "connected" | "disconnected";
                            sync: {
                                blocklist: {
                                    /** @description the tenant's block-feed version */
                                    expected: number | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: number | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                config: {
                                    /** @description the config hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                rules: {
                                    /** @description the rules hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                            };
                            /** @description labels fleet-wide commands and rollouts select by (PUT /v1/sensors/{id}/tags) */
                            tags: string[];
                            version: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a sensor: its next auth gets the full capabilities (signal, blocklist-sync, command)
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example edge-fra-1 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sensor_id": "edge-fra-1",
                         *       "name": "Frankfurt edge",
                         *       "kind": "synapse",
                         *       "version": "2.4.1",
                         *       "region": "eu-central",
                         *       "protocol_version": "1.0",
                         *       "approval_status": "approved",
                         *       "state": "connected",
                         *       "hub_id": "hub-a-4211-9f3c1e",
                         *       "last_address": "203.0.113.10",
                         *       "connected_at": "2026-12-03T09:10:00Z",
                         *       "disconnected_at": null,
                         *       "last_heartbeat_at": "2026-12-03T09:14:30Z",
                         *       "blocklist_version": 43,
                         *       "registration_token_id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *       "created_at": "2026-12-01T08:00:00Z",
                         *       "tags": [
                         *         "edge",
                         *         "eu"
                         *       ],
                         *       "health": "healthy",
                         *       "health_since": "2026-12-03T09:10:02Z",
                         *       "sync": {
                         *         "config": {
                         *           "expected": null,
                         *           "reported": "cfg-7f3a",
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "rules": {
                         *           "expected": "rules-2b7d",
                         *           "reported": "rules-19c2",
                         *           "state": "behind",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "blocklist": {
                         *           "expected": 43,
                         *           "reported": 43,
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            approval_status: "pending" | "approved" | "rejected" | "decommissioned";
                            /** @description the block-feed version its last heartbeat reported */
                            blocklist_version: number | null;
                            /** Format: date-time */
                            connected_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            disconnected_at: string | null;
                            /**
                             * @description the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat
                             * @enum {string}
                             */
                            health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                            /**
                             * Format: date-time
                             * @description since when the sensor reports this status
                             */
                            health_since: string | null;
                            /** @description the hub process that holds (or last held) its session */
                            hub_id: string | null;
                            kind: string;
                            /** @description the address it last connected from */
                            last_address: string | null;
                            /** Format: date-time */
                            last_heartbeat_at: string | null;
                            name: string | null;
                            protocol_version: string | null;
                            region: string | null;
                            /** @description the registration token that enrolled it (null: a key registered it) */
                            registration_token_id: string | null;
                            sensor_id: string;
                            /** @enum {string} */
                            state: "connected" | "disconnected";
                            sync: {
                                blocklist: {
                                    /** @description the tenant's block-feed version */
                                    expected: number | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: number | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                config: {
                                    /** @description the config hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                rules: {
                                    /** @description the rules hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                            };
                            /** @description labels fleet-wide commands and rollouts select by (PUT /v1/sensors/{id}/tags) */
                            tags: string[];
                            version: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a command to one approved sensor: delivered at once when connected (to whichever hub holds it), else queued
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example edge-fra-1 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "type": "toggle_chaos",
                     *       "payload": {
                     *         "enabled": false
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @description given to the sensor as is (default {}); at most QUORUM_COMMAND_MAX_PAYLOAD_BYTES */
                        payload?: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        type: "push_config" | "push_rules" | "restart" | "collect_diagnostics" | "update" | "sync_blocklist" | "toggle_chaos" | "toggle_mtd";
                    };
                };
            };
            responses: {
                /** @description HTTP 202 */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11",
                         *       "sensor_id": "edge-fra-1",
                         *       "type": "toggle_chaos",
                         *       "payload": {
                         *         "enabled": false
                         *       },
                         *       "status": "succeeded",
                         *       "attempts": 1,
                         *       "max_attempts": 3,
                         *       "timeout_ms": 10000,
                         *       "created_at": "2026-12-03T09:00:00.000Z",
                         *       "created_by": "user:alice",
                         *       "expires_at": "2026-12-03T10:00:00.000Z",
                         *       "sent_at": "2026-12-03T09:00:00.040Z",
                         *       "finished_at": "2026-12-03T09:00:00.310Z",
                         *       "message": "chaos mode off",
                         *       "result": {
                         *         "enabled": false
                         *       },
                         *       "fleet_request_id": null,
                         *       "rollout_id": null
                         *     }
                         */
                        "application/json": {
                            /** @description deliveries so far (a sent command unanswered within timeout_ms is sent again while attempts < max_attempts) */
                            attempts: number;
                            /** Format: date-time */
                            created_at: string;
                            /** @description `user:<username>` or `key:<key id>` */
                            created_by: string;
                            /**
                             * Format: date-time
                             * @description a command still pending then is expired
                             */
                            expires_at: string;
                            /** Format: date-time */
                            finished_at: string | null;
                            /**
                             * Format: uuid
                             * @description the fleet-wide request this command is one of
                             */
                            fleet_request_id: string | null;
                            /** Format: uuid */
                            id: string;
                            max_attempts: number;
                            /** @description the sensor's message, or why the hub finished it */
                            message: string | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /** @description the sensor's result, when it gave one */
                            result: {
                                [key: string]: unknown;
                            } | null;
                            /**
                             * Format: uuid
                             * @description the rollout this command serves
                             */
                            rollout_id: string | null;
                            sensor_id: string;
                            /** Format: date-time */
                            sent_at: string | null;
                            /**
                             * @description pending → sent → succeeded | failed | timed_out | expired | cancelled
                             * @enum {string}
                             */
                            status: "pending" | "sent" | "succeeded" | "failed" | "timed_out" | "expired" | "cancelled";
                            /** @description how long one attempt waits for the command-ack */
                            timeout_ms: number;
                            /** @enum {string} */
                            type: "push_config" | "push_rules" | "restart" | "collect_diagnostics" | "update" | "sync_blocklist" | "toggle_chaos" | "toggle_mtd";
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One sensor's latest health, sync state and per-minute health history
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description from this minute on (default: 24 h before `until`) */
                    since?: string;
                    /** @description before this time (default: now) */
                    until?: string;
                };
                header?: never;
                path: {
                    /** @example edge-fra-1 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sensor": {
                         *         "sensor_id": "edge-fra-1",
                         *         "name": "Frankfurt edge",
                         *         "connection_state": "connected",
                         *         "health": "degraded",
                         *         "reported_status": "degraded",
                         *         "health_since": "2026-12-02T09:15:02Z",
                         *         "last_heartbeat_at": "2026-12-02T09:15:02Z",
                         *         "metrics": {
                         *           "cpu": 91,
                         *           "memory": 62,
                         *           "disk": 40,
                         *           "requests_last_minute": 4210,
                         *           "avg_latency_ms": 48.5
                         *         },
                         *         "sync": {
                         *           "config": {
                         *             "expected": null,
                         *             "reported": "cfg-7f3a",
                         *             "state": "in_sync",
                         *             "since": "2026-12-01T09:00:00Z"
                         *           },
                         *           "rules": {
                         *             "expected": null,
                         *             "reported": "rules-19c2",
                         *             "state": "in_sync",
                         *             "since": "2026-12-01T09:00:00Z"
                         *           },
                         *           "blocklist": {
                         *             "expected": 43,
                         *             "reported": 41,
                         *             "state": "behind",
                         *             "since": "2026-12-01T09:00:00Z"
                         *           }
                         *         }
                         *       },
                         *       "since": "2026-12-01T09:00:00Z",
                         *       "until": "2026-12-01T10:00:00Z",
                         *       "truncated": false,
                         *       "history": [
                         *         {
                         *           "minute": "2026-12-02T09:14:00Z",
                         *           "status": "healthy",
                         *           "cpu": 31.5,
                         *           "memory": 58,
                         *           "disk": 40,
                         *           "requests_last_minute": 1180,
                         *           "avg_latency_ms": 3.2,
                         *           "config_hash": "cfg-7f3a",
                         *           "rules_hash": "rules-19c2",
                         *           "reported_at": "2026-12-02T09:14:32Z"
                         *         },
                         *         {
                         *           "minute": "2026-12-02T09:15:00Z",
                         *           "status": "degraded",
                         *           "cpu": 91,
                         *           "memory": 62,
                         *           "disk": 40,
                         *           "requests_last_minute": 4210,
                         *           "avg_latency_ms": 48.5,
                         *           "config_hash": "cfg-7f3a",
                         *           "rules_hash": "rules-19c2",
                         *           "reported_at": "2026-12-02T09:15:02Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description one row per minute with a heartbeat, oldest first */
                            history: {
                                avg_latency_ms: number;
                                config_hash: string;
                                cpu: number;
                                disk: number;
                                memory: number;
                                /** Format: date-time */
                                minute: string;
                                /**
                                 * Format: date-time
                                 * @description the minute's last heartbeat
                                 */
                                reported_at: string;
                                requests_last_minute: number;
                                rules_hash: string;
                                /** @enum {string} */
                                status: "healthy" | "degraded" | "unhealthy";
                            }[];
                            sensor: {
                                /** @enum {string} */
                                connection_state: "connected" | "disconnected";
                                /**
                                 * @description the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat
                                 * @enum {string}
                                 */
                                health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                                /**
                                 * Format: date-time
                                 * @description since when the sensor reports this status
                                 */
                                health_since: string | null;
                                /** Format: date-time */
                                last_heartbeat_at: string | null;
                                metrics: {
                                    avg_latency_ms: number | null;
                                    cpu: number | null;
                                    disk: number | null;
                                    memory: number | null;
                                    requests_last_minute: number | null;
                                } | null;
                                name: string | null;
                                /** @enum {string|null} */
                                reported_status: "healthy" | "degraded" | "unhealthy" | null;
                                sensor_id: string;
                                sync: {
                                    blocklist: {
                                        /** @description the tenant's block-feed version */
                                        expected: number | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: number | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                    config: {
                                        /** @description the config hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                        expected: string | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: string | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                    rules: {
                                        /** @description the rules hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                        expected: string | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: string | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                };
                            };
                            /** Format: date-time */
                            since: string;
                            /** @description true when the range held more rows than QUORUM_SENSOR_HEALTH_HISTORY_MAX: the newest are shown */
                            truncated: boolean;
                            /** Format: date-time */
                            until: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a sensor: its session closes with 4003 "Sensor rejected" on whichever hub holds it, and it is refused from then on
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example edge-fra-1 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sensor_id": "edge-fra-1",
                         *       "name": "Frankfurt edge",
                         *       "kind": "synapse",
                         *       "version": "2.4.1",
                         *       "region": "eu-central",
                         *       "protocol_version": "1.0",
                         *       "approval_status": "approved",
                         *       "state": "connected",
                         *       "hub_id": "hub-a-4211-9f3c1e",
                         *       "last_address": "203.0.113.10",
                         *       "connected_at": "2026-12-03T09:10:00Z",
                         *       "disconnected_at": null,
                         *       "last_heartbeat_at": "2026-12-03T09:14:30Z",
                         *       "blocklist_version": 43,
                         *       "registration_token_id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *       "created_at": "2026-12-01T08:00:00Z",
                         *       "tags": [
                         *         "edge",
                         *         "eu"
                         *       ],
                         *       "health": "healthy",
                         *       "health_since": "2026-12-03T09:10:02Z",
                         *       "sync": {
                         *         "config": {
                         *           "expected": null,
                         *           "reported": "cfg-7f3a",
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "rules": {
                         *           "expected": "rules-2b7d",
                         *           "reported": "rules-19c2",
                         *           "state": "behind",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         },
                         *         "blocklist": {
                         *           "expected": 43,
                         *           "reported": 43,
                         *           "state": "in_sync",
                         *           "since": "2026-12-01T09:00:00Z"
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            approval_status: "pending" | "approved" | "rejected" | "decommissioned";
                            /** @description the block-feed version its last heartbeat reported */
                            blocklist_version: number | null;
                            /** Format: date-time */
                            connected_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            disconnected_at: string | null;
                            /**
                             * @description the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat
                             * @enum {string}
                             */
                            health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                            /**
                             * Format: date-time
                             * @description since when the sensor reports this status
                             */
                            health_since: string | null;
                            /** @description the hub process that holds (or last held) its session */
                            hub_id: string | null;
                            kind: string;
                            /** @description the address it last connected from */
                            last_address: string | null;
                            /** Format: date-time */
                            last_heartbeat_at: string | null;
                            name: string | null;
                            protocol_version: string | null;
                            region: string | null;
                            /** @description the registration token that enrolled it (null: a key registered it) */
                            registration_token_id: string | null;
                            sensor_id: string;
                            /** @enum {string} */
                            state: "connected" | "disconnected";
                            sync: {
                                blocklist: {
                                    /** @description the tenant's block-feed version */
                                    expected: number | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: number | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                config: {
                                    /** @description the config hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                                rules: {
                                    /** @description the rules hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                    expected: string | null;
                                    /** @description what the last heartbeat reported; null before one did */
                                    reported: string | null;
                                    /**
                                     * Format: date-time
                                     * @description when the state began (the later of the expectation and the reported value changing)
                                     */
                                    since: string | null;
                                    /** @enum {string} */
                                    state: "in_sync" | "behind" | "drifted" | "unknown";
                                };
                            };
                            /** @description labels fleet-wide commands and rollouts select by (PUT /v1/sensors/{id}/tags) */
                            tags: string[];
                            version: string | null;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace a sensor's tags (fleet-wide commands and rollouts select by them)
         * @description Needs scope `admin`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example edge-fra-1 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "tags": [
                     *         "edge",
                     *         "eu"
                     *       ]
                     *     }
                     */
                    "application/json": {
                        tags: string[];
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sensor_id": "edge-fra-1",
                         *       "tags": [
                         *         "edge",
                         *         "eu"
                         *       ]
                         *     }
                         */
                        "application/json": {
                            sensor_id: string;
                            /** @description sorted, without duplicates */
                            tags: string[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/enrolment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's enrolment setting: whether a signal:write key alone registers a new sensor
         * @description Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "keyRegistration": false
                         *     }
                         */
                        "application/json": {
                            /** @description a signal:write key alone registers a new sensor, approved (default true) */
                            keyRegistration: boolean;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Turn key registration of new sensors on or off (off: new sensors need a registration token)
         * @description Needs scope `admin`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "keyRegistration": false
                     *     }
                     */
                    "application/json": {
                        /** @description a signal:write key alone registers a new sensor, approved (default true) */
                        keyRegistration: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "keyRegistration": false
                         *     }
                         */
                        "application/json": {
                            /** @description a signal:write key alone registers a new sensor, approved (default true) */
                            keyRegistration: boolean;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's sensors: latest health (reported, or stale/offline when silent) and sync state
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "at": "2026-12-02T09:15:30Z",
                         *       "thresholds": {
                         *         "stale_after_ms": 60000,
                         *         "offline_after_ms": 300000
                         *       },
                         *       "sensors": [
                         *         {
                         *           "sensor_id": "edge-fra-1",
                         *           "name": "Frankfurt edge",
                         *           "connection_state": "connected",
                         *           "health": "degraded",
                         *           "reported_status": "degraded",
                         *           "health_since": "2026-12-02T09:15:02Z",
                         *           "last_heartbeat_at": "2026-12-02T09:15:02Z",
                         *           "metrics": {
                         *             "cpu": 91,
                         *             "memory": 62,
                         *             "disk": 40,
                         *             "requests_last_minute": 4210,
                         *             "avg_latency_ms": 48.5
                         *           },
                         *           "sync": {
                         *             "config": {
                         *               "expected": null,
                         *               "reported": "cfg-7f3a",
                         *               "state": "in_sync",
                         *               "since": "2026-12-01T09:00:00Z"
                         *             },
                         *             "rules": {
                         *               "expected": null,
                         *               "reported": "rules-19c2",
                         *               "state": "in_sync",
                         *               "since": "2026-12-01T09:00:00Z"
                         *             },
                         *             "blocklist": {
                         *               "expected": 43,
                         *               "reported": 41,
                         *               "state": "behind",
                         *               "since": "2026-12-01T09:00:00Z"
                         *             }
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            at: string;
                            sensors: {
                                /** @enum {string} */
                                connection_state: "connected" | "disconnected";
                                /**
                                 * @description the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat
                                 * @enum {string}
                                 */
                                health: "healthy" | "degraded" | "unhealthy" | "stale" | "offline" | "unknown";
                                /**
                                 * Format: date-time
                                 * @description since when the sensor reports this status
                                 */
                                health_since: string | null;
                                /** Format: date-time */
                                last_heartbeat_at: string | null;
                                metrics: {
                                    avg_latency_ms: number | null;
                                    cpu: number | null;
                                    disk: number | null;
                                    memory: number | null;
                                    requests_last_minute: number | null;
                                } | null;
                                name: string | null;
                                /** @enum {string|null} */
                                reported_status: "healthy" | "degraded" | "unhealthy" | null;
                                sensor_id: string;
                                sync: {
                                    blocklist: {
                                        /** @description the tenant's block-feed version */
                                        expected: number | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: number | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                    config: {
                                        /** @description the config hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                        expected: string | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: string | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                    rules: {
                                        /** @description the rules hash a rollout expects; null until one does (then the state is in_sync or unknown) */
                                        expected: string | null;
                                        /** @description what the last heartbeat reported; null before one did */
                                        reported: string | null;
                                        /**
                                         * Format: date-time
                                         * @description when the state began (the later of the expectation and the reported value changing)
                                         */
                                        since: string | null;
                                        /** @enum {string} */
                                        state: "in_sync" | "behind" | "drifted" | "unknown";
                                    };
                                };
                            }[];
                            thresholds: {
                                offline_after_ms: number;
                                stale_after_ms: number;
                            };
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/registration-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's registration tokens, newest first (never their secrets)
         * @description Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "tokens": [
                         *         {
                         *           "id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *           "name": "Frankfurt rollout",
                         *           "max_uses": 10,
                         *           "uses": 2,
                         *           "auto_approve": false,
                         *           "expires_at": "2026-12-10T00:00:00.000Z",
                         *           "created_at": "2026-12-03T09:00:00.000Z",
                         *           "revoked_at": null
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            tokens: {
                                /** @description sensors it enrols are approved at once (else pending) */
                                auto_approve: boolean;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                expires_at: string;
                                /** Format: uuid */
                                id: string;
                                max_uses: number;
                                name: string | null;
                                /** Format: date-time */
                                revoked_at: string | null;
                                /** @description sensors this token has enrolled */
                                uses: number;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a registration token (its secret is answered once); sensors enrol with it, pending or approved
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "name": "Frankfurt rollout",
                     *       "maxUses": 10,
                     *       "expiresAt": "2026-12-08T10:00:00Z",
                     *       "autoApprove": false
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description approve the sensors it enrols at once (else they are pending)
                         * @default false
                         */
                        autoApprove?: boolean;
                        /** @description RFC 3339; in the future and at most 365 days ahead */
                        expiresAt: string;
                        /** @description sensors it may enrol at most */
                        maxUses: number;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *       "name": "Frankfurt rollout",
                         *       "max_uses": 10,
                         *       "uses": 0,
                         *       "auto_approve": false,
                         *       "expires_at": "2026-12-10T00:00:00.000Z",
                         *       "created_at": "2026-12-03T09:00:00.000Z",
                         *       "revoked_at": null,
                         *       "token": "sh_reg_0f8e2b4c6a1d4e3f9b7c5a3d1e2f4a6b_5b0c3c9e8a414a8e9d510f1de6b1c2a7_Jq2xV1b9XcN8mK3pL0sT7uY4wZ6aB5dE2fG9hI1jK0l"
                         *     }
                         */
                        "application/json": {
                            /** @description sensors it enrols are approved at once (else pending) */
                            auto_approve: boolean;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            expires_at: string;
                            /** Format: uuid */
                            id: string;
                            max_uses: number;
                            name: string | null;
                            /** Format: date-time */
                            revoked_at: string | null;
                            /** @description the secret, shown only in this answer (the hub keeps its SHA-256) */
                            token: string;
                            /** @description sensors this token has enrolled */
                            uses: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/registration-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a registration token: no sensor enrols or re-authenticates with it any more (sensors it enrolled stay)
         * @description Needs scope `admin`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7",
                         *       "name": "Frankfurt rollout",
                         *       "max_uses": 10,
                         *       "uses": 2,
                         *       "auto_approve": false,
                         *       "expires_at": "2026-12-10T00:00:00.000Z",
                         *       "created_at": "2026-12-03T09:00:00.000Z",
                         *       "revoked_at": null
                         *     }
                         */
                        "application/json": {
                            /** @description sensors it enrols are approved at once (else pending) */
                            auto_approve: boolean;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            expires_at: string;
                            /** Format: uuid */
                            id: string;
                            max_uses: number;
                            name: string | null;
                            /** Format: date-time */
                            revoked_at: string | null;
                            /** @description sensors this token has enrolled */
                            uses: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is calling: the logged-in user (session cookie) or the API key
         * @description Any valid key or session.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description send it as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE made with the session cookie (also in the `quorum_csrf` cookie) */
                            csrfToken: string;
                            /**
                             * Format: date-time
                             * @description when the session ends unless used again: the earlier of the idle and the absolute timeout
                             */
                            expiresAt: string;
                            user: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                role: "viewer" | "responder" | "admin" | "operator";
                                /** Format: uuid */
                                tenantId: string;
                                tenantName: string;
                                username: string;
                            };
                        } | {
                            key: {
                                id: string;
                                scopes: string[];
                                tenantId: string;
                            };
                        };
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Log in: checks the username and password and sets the session cookies
         * @description Sets `quorum_session` (httpOnly, SameSite=Strict) and `quorum_csrf` (readable by the page). A wrong username or password is 401 `invalid_credentials` (not told apart); too many refused logins for one username or from one address is 429 `rate_limited` with Retry-After, before any password is checked.
         *
         *     Public: no key needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "username": "alice",
                     *       "password": "correct horse battery staple"
                     *     }
                     */
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "user": {
                         *         "id": "0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42",
                         *         "username": "alice",
                         *         "role": "responder",
                         *         "tenantId": "5d0c2a6e-8f1b-4b7e-a3c4-9e2d1f0a7b63",
                         *         "tenantName": "acme"
                         *       },
                         *       "csrfToken": "kq3Qm0v2m6Jx4y5m7w8Zr1s2t3u4v5w6x7y8z9A0B1C",
                         *       "expiresAt": "2026-12-08T10:00:00Z"
                         *     }
                         */
                        "application/json": {
                            /** @description send it as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE made with the session cookie (also in the `quorum_csrf` cookie) */
                            csrfToken: string;
                            /**
                             * Format: date-time
                             * @description when the session ends unless used again: the earlier of the idle and the absolute timeout
                             */
                            expiresAt: string;
                            user: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                role: "viewer" | "responder" | "admin" | "operator";
                                /** Format: uuid */
                                tenantId: string;
                                tenantName: string;
                                username: string;
                            };
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Log out: ends this session and clears its cookies
         * @description With the session cookie only (an API key has no session: 403 `forbidden`); needs `X-CSRF-Token` like every cookie write.
         *
         *     Any valid key or session.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description logged out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Log out everywhere: ends every session of the calling user, this one included
         * @description With the session cookie only (an API key has no session: 403 `forbidden`).
         *
         *     Any valid key or session.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "ended": 3
                         *     }
                         */
                        "application/json": {
                            ended?: number;
                        };
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create the operator user with the one-time setup code the hub printed at its first start
         * @description The code is used once (a second use, or a wrong code, is 403 `invalid_setup_code`); the user gets the `operator` role in tenant `default`. Then log in with `POST /v1/session`. The operator key keeps working either way.
         *
         *     Public: no key needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "code": "Zm9yIGV4YW1wbGUgb25seSwgbm90IGEgcmVhbCBjb2RlIGF0IGFsbA",
                     *       "username": "owner",
                     *       "password": "correct horse battery staple"
                     *     }
                     */
                    "application/json": {
                        code: string;
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42",
                         *       "tenantId": "5d0c2a6e-8f1b-4b7e-a3c4-9e2d1f0a7b63",
                         *       "username": "alice",
                         *       "role": "responder",
                         *       "createdAt": "2026-12-02T19:30:00.000000Z",
                         *       "createdBy": "key:9c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description `key:<id>`, `user:<id>` or `setup` */
                            createdBy: string;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "viewer" | "responder" | "admin" | "operator";
                            /** Format: uuid */
                            tenantId: string;
                            username: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signal-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List signal groups, newest first, with cursor pagination
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    rule?: string;
                    since?: string;
                    status?: "open" | "corroborated" | "expired";
                    subject?: string;
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "signal_groups": [
                         *         {
                         *           "id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *           "rule": "ddos_by_victim",
                         *           "group_key": {
                         *             "subject_id": "10.0.0.5",
                         *             "vector": "udp_flood"
                         *           },
                         *           "playbook": "block_victim_traffic",
                         *           "subject_type": "ip",
                         *           "subject_id": "10.0.0.5",
                         *           "status": "corroborated",
                         *           "opened_at": "2026-12-02T07:59:50Z",
                         *           "window_ends_at": "2026-12-02T08:04:50Z",
                         *           "closed_at": "2026-12-02T08:00:00Z",
                         *           "signal_count": 2,
                         *           "source_count": 2,
                         *           "derived_confidence": 0.9,
                         *           "min_sources": 2,
                         *           "confidence_threshold": 0.7,
                         *           "decision_reason": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)",
                         *           "mitigation_id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *           "end_reason": null,
                         *           "ended_at": null
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            next_cursor: string | null;
                            signal_groups: {
                                /** Format: date-time */
                                closed_at: string | null;
                                confidence_threshold: number | null;
                                decision_reason: string | null;
                                derived_confidence: number | null;
                                end_reason: string | null;
                                /** Format: date-time */
                                ended_at: string | null;
                                /** @description the rule's group_by fields and their values */
                                group_key: {
                                    [key: string]: unknown;
                                };
                                /** Format: uuid */
                                id: string;
                                min_sources: number | null;
                                mitigation_id: string | null;
                                /** Format: date-time */
                                opened_at: string;
                                playbook: string | null;
                                rule: string;
                                signal_count: number;
                                source_count: number;
                                /** @enum {string} */
                                status: "open" | "corroborated" | "expired";
                                subject_id: string;
                                subject_type: string;
                                /** Format: date-time */
                                window_ends_at: string;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signal-groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One signal group with its signals, derived numbers and mitigation id
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                         *       "rule": "ddos_by_victim",
                         *       "group_key": {
                         *         "subject_id": "10.0.0.5",
                         *         "vector": "udp_flood"
                         *       },
                         *       "playbook": "block_victim_traffic",
                         *       "subject_type": "ip",
                         *       "subject_id": "10.0.0.5",
                         *       "status": "corroborated",
                         *       "opened_at": "2026-12-02T07:59:50Z",
                         *       "window_ends_at": "2026-12-02T08:04:50Z",
                         *       "closed_at": "2026-12-02T08:00:00Z",
                         *       "signal_count": 2,
                         *       "source_count": 2,
                         *       "derived_confidence": 0.9,
                         *       "min_sources": 2,
                         *       "confidence_threshold": 0.7,
                         *       "decision_reason": "Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)",
                         *       "mitigation_id": "3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11",
                         *       "end_reason": null,
                         *       "ended_at": null,
                         *       "ended_sources": [],
                         *       "guardrail_rejections": [],
                         *       "signals": [
                         *         {
                         *           "signal_id": "41",
                         *           "source": "fastnetmon",
                         *           "subject_type": "ip",
                         *           "subject_id": "10.0.0.5",
                         *           "signal_key": "ddos.attack",
                         *           "severity": null,
                         *           "confidence": 0.9,
                         *           "observed_at": "2026-12-01T10:00:00Z",
                         *           "added_at": "2026-12-02T07:59:50Z",
                         *           "ended_at": null,
                         *           "ended_by": null
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            closed_at: string | null;
                            confidence_threshold: number | null;
                            decision_reason: string | null;
                            derived_confidence: number | null;
                            end_reason: string | null;
                            /** Format: date-time */
                            ended_at: string | null;
                            /** @description the sources whose every report has ended */
                            ended_sources: {
                                /** Format: date-time */
                                ended_at?: string | null;
                                signal_id?: string | null;
                                source?: string;
                            }[];
                            /** @description the rule's group_by fields and their values */
                            group_key: {
                                [key: string]: unknown;
                            };
                            guardrail_rejections: {
                                code?: string;
                                reason?: string;
                                /** Format: date-time */
                                rejected_at?: string;
                            }[];
                            /** Format: uuid */
                            id: string;
                            min_sources: number | null;
                            mitigation_id: string | null;
                            /** Format: date-time */
                            opened_at: string;
                            playbook: string | null;
                            rule: string;
                            signal_count: number;
                            signals: {
                                /** Format: date-time */
                                added_at?: string;
                                confidence?: number;
                                /** Format: date-time */
                                ended_at?: string | null;
                                ended_by?: string | null;
                                /** Format: date-time */
                                observed_at?: string;
                                severity?: string | null;
                                signal_id?: string;
                                signal_key?: string;
                                source?: string;
                                subject_id?: string;
                                subject_type?: string;
                            }[];
                            source_count: number;
                            /** @enum {string} */
                            status: "open" | "corroborated" | "expired";
                            subject_id: string;
                            subject_type: string;
                            /** Format: date-time */
                            window_ends_at: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List signals, newest first, with cursor pagination
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    severity?: "info" | "low" | "medium" | "high" | "critical";
                    signal_key?: string;
                    since?: string;
                    source?: string;
                    subject_id?: string;
                    subject_type?: string;
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "signals": [
                         *         {
                         *           "id": "48213",
                         *           "source": "cert_scan",
                         *           "subject_type": "domain",
                         *           "subject_id": "example.com",
                         *           "signal_key": "cert.expiry_days",
                         *           "signal_value": {
                         *             "value": 12,
                         *             "issuer": "R3"
                         *           },
                         *           "severity": "medium",
                         *           "observed_at": "2026-12-01T10:00:00Z",
                         *           "ttl_seconds": 86400,
                         *           "signal_id": null,
                         *           "ingested_at": "2026-12-01T10:00:00.412Z"
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            next_cursor?: string | null;
                            signals?: {
                                id?: string;
                                /** Format: date-time */
                                ingested_at?: string;
                                /**
                                 * Format: date-time
                                 * @description RFC 3339 with offset; not in the future beyond the allowed skew, not older than retention
                                 */
                                observed_at?: string;
                                /** @enum {string|null} */
                                severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                                /**
                                 * Format: uuid
                                 * @description client id; a resend never creates a second row
                                 */
                                signal_id?: string | null;
                                /** @example cert.expiry_days */
                                signal_key?: string;
                                /** @description {"value": <native>, …metadata}; at most 16384 bytes as jsonb text */
                                signal_value?: {
                                    [key: string]: unknown;
                                };
                                /** @example cert_scan */
                                source?: string;
                                /** @description no control characters */
                                subject_id?: string;
                                /** @example endpoint */
                                subject_type?: string;
                                /** @description null = sticky */
                                ttl_seconds?: number | null;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Ingest one signal or a batch (all-or-nothing)
         * @description Needs scope `signal:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description RFC 3339 with offset; not in the future beyond the allowed skew, not older than retention
                         */
                        observed_at: string;
                        /** @enum {string|null} */
                        severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                        /**
                         * Format: uuid
                         * @description client id; a resend never creates a second row
                         */
                        signal_id?: string | null;
                        /** @example cert.expiry_days */
                        signal_key: string;
                        /** @description {"value": <native>, …metadata}; at most 16384 bytes as jsonb text */
                        signal_value: {
                            [key: string]: unknown;
                        };
                        /** @example cert_scan */
                        source: string;
                        /** @description no control characters */
                        subject_id: string;
                        /** @example endpoint */
                        subject_type: string;
                        /** @description null = sticky */
                        ttl_seconds?: number | null;
                    } | {
                        signals: {
                            /**
                             * Format: date-time
                             * @description RFC 3339 with offset; not in the future beyond the allowed skew, not older than retention
                             */
                            observed_at: string;
                            /** @enum {string|null} */
                            severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                            /**
                             * Format: uuid
                             * @description client id; a resend never creates a second row
                             */
                            signal_id?: string | null;
                            /** @example cert.expiry_days */
                            signal_key: string;
                            /** @description {"value": <native>, …metadata}; at most 16384 bytes as jsonb text */
                            signal_value: {
                                [key: string]: unknown;
                            };
                            /** @example cert_scan */
                            source: string;
                            /** @description no control characters */
                            subject_id: string;
                            /** @example endpoint */
                            subject_type: string;
                            /** @description null = sticky */
                            ttl_seconds?: number | null;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "accepted": 1,
                         *       "duplicates": 0
                         *     }
                         */
                        "application/json": {
                            accepted?: number;
                            duplicates?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signals/alertmanager": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Alertmanager webhook (version 4): each alert becomes a ddos.attack signal; resolved alerts withdraw
         * @description Only a malformed body is a 400 (Alertmanager resends 4xx forever); an alert that cannot be used is `skipped` with a `reason`, and one whose vector is outside the shared vocabulary is stored with a `warning` (it never corroborates other detectors).
         *
         *     Needs scope `signal:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "receiver": "signals-hub",
                     *       "status": "firing",
                     *       "alerts": [
                     *         {
                     *           "status": "firing",
                     *           "labels": {
                     *             "alertname": "DDoSAttack",
                     *             "instance": "10.0.0.5:9100",
                     *             "job": "node",
                     *             "severity": "critical",
                     *             "vector": "udp_flood",
                     *             "victim_ip": "10.0.0.5"
                     *           },
                     *           "annotations": {
                     *             "bps": "1200000000",
                     *             "pps": "950000",
                     *             "summary": "UDP flood toward 10.0.0.5"
                     *           },
                     *           "startsAt": "2026-11-22T03:25:10Z",
                     *           "endsAt": "0001-01-01T00:00:00Z",
                     *           "generatorURL": "http://127.0.0.1:9090/graph?g0.expr=rate(node_network_receive_packets_total%5B1m%5D)",
                     *           "fingerprint": "4e0c60ebf55257b7"
                     *         }
                     *       ],
                     *       "groupLabels": {
                     *         "alertname": "DDoSAttack",
                     *         "victim_ip": "10.0.0.5"
                     *       },
                     *       "commonLabels": {
                     *         "alertname": "DDoSAttack",
                     *         "instance": "10.0.0.5:9100",
                     *         "job": "node",
                     *         "severity": "critical",
                     *         "vector": "udp_flood",
                     *         "victim_ip": "10.0.0.5"
                     *       },
                     *       "commonAnnotations": {
                     *         "bps": "1200000000",
                     *         "pps": "950000",
                     *         "summary": "UDP flood toward 10.0.0.5"
                     *       },
                     *       "externalURL": "http://alertmanager:9093",
                     *       "version": "4",
                     *       "groupKey": "{}:{alertname=\"DDoSAttack\", victim_ip=\"10.0.0.5\"}",
                     *       "truncatedAlerts": 0
                     *     }
                     */
                    "application/json": {
                        alerts: ({
                            /** @description `bps` and `pps` (numbers as text) are kept as numbers */
                            annotations?: {
                                [key: string]: string;
                            };
                            endsAt?: string;
                            /** @description the external id; a repeated resolved notification of it is a duplicate */
                            fingerprint?: string;
                            generatorURL?: string;
                            /** @description victim from `victim_ip`, else `instance` without its port; vector from `vector`, else `alertname` — use one of udp_flood, syn_flood, tcp_flood, icmp_flood, dns_amplification, ntp_amplification, ssdp_amplification, memcached_amplification so it corroborates other detectors; confidence from `severity` */
                            labels: {
                                [key: string]: string;
                            };
                            startsAt?: string;
                            /** @description `firing` reports, `resolved` ends; anything else is skipped with a reason */
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        commonAnnotations?: {
                            [key: string]: string;
                        };
                        commonLabels?: {
                            [key: string]: string;
                        };
                        externalURL?: string;
                        groupKey?: string;
                        groupLabels?: {
                            [key: string]: string;
                        };
                        receiver?: string;
                        /** @enum {string} */
                        status?: "firing" | "resolved";
                        truncatedAlerts?: number;
                        /** @enum {string} */
                        version?: "4";
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "stored": 1,
                         *       "duplicates": 0,
                         *       "skipped": 0,
                         *       "results": [
                         *         {
                         *           "index": 0,
                         *           "fingerprint": "4e0c60ebf55257b7",
                         *           "status": "firing",
                         *           "outcome": "stored",
                         *           "subject_id": "10.0.0.5",
                         *           "vector": "udp_flood",
                         *           "confidence": 0.9
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            duplicates?: number;
                            results?: ({
                                confidence?: number;
                                ended?: boolean;
                                index?: number;
                                /** @enum {string} */
                                outcome?: "stored" | "duplicate" | "skipped";
                                /** @description why it was skipped, or what default was used */
                                reason?: string;
                                subject_id?: string;
                                vector?: string;
                                /** @description stored, but will not corroborate: e.g. a vector outside the shared vocabulary */
                                warning?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            skipped?: number;
                            stored?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signals/fastnetmon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * FastNetMon JSON notification: ban/partial_block/alert/attack_details report, unban withdraws
         * @description Needs scope `signal:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "action": "ban",
                     *       "ip": "10.0.0.5",
                     *       "alert_scope": "host",
                     *       "attack_details": {
                     *         "attack_direction": "incoming",
                     *         "attack_type": "udp_flood",
                     *         "attack_protocol": "udp",
                     *         "initial_attack_power": 24154,
                     *         "peak_attack_power": 24154,
                     *         "total_incoming_pps": 24154,
                     *         "total_incoming_traffic_bits": 231000000,
                     *         "total_incoming_flows": 0,
                     *         "incoming_udp_pps": 24154,
                     *         "incoming_tcp_pps": 0,
                     *         "incoming_syn_tcp_pps": 0,
                     *         "incoming_icmp_pps": 0,
                     *         "incoming_ip_fragmented_pps": 0,
                     *         "average_incoming_pps": 24154,
                     *         "attack_uuid": "569a0ada-1f69-49b1-9dd5-2818c926b256"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description `unban` ends the attack (withdraws); the others report it
                         * @enum {string}
                         */
                        action: "ban" | "unban" | "partial_block" | "alert" | "attack_details";
                        alert_scope?: string;
                        /** @description the vector is classified from the per-protocol rates (udp_flood, syn_flood, tcp_flood, icmp_flood), else taken from attack_type */
                        attack_details?: {
                            attack_direction?: string;
                            attack_protocol?: string;
                            attack_type?: string;
                            /** @description the external id; a resend with the same uuid and action is a duplicate */
                            attack_uuid?: string;
                            /** @description a number, or a number as text */
                            incoming_icmp_pps?: number | string;
                            /** @description a number, or a number as text */
                            incoming_syn_tcp_pps?: number | string;
                            /** @description a number, or a number as text */
                            incoming_tcp_pps?: number | string;
                            /** @description a number, or a number as text */
                            incoming_udp_pps?: number | string;
                            /** @description a number, or a number as text */
                            total_incoming_pps?: number | string;
                            /** @description a number, or a number as text */
                            total_incoming_traffic?: number | string;
                            /** @description a number, or a number as text */
                            total_incoming_traffic_bits?: number | string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description the victim, IPv4 or IPv6 */
                        ip: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "stored": 1,
                         *       "duplicates": 0,
                         *       "skipped": 0,
                         *       "results": [
                         *         {
                         *           "index": 0,
                         *           "fingerprint": "4e0c60ebf55257b7",
                         *           "status": "firing",
                         *           "outcome": "stored",
                         *           "subject_id": "10.0.0.5",
                         *           "vector": "udp_flood",
                         *           "confidence": 0.9
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            duplicates?: number;
                            results?: ({
                                confidence?: number;
                                ended?: boolean;
                                index?: number;
                                /** @enum {string} */
                                outcome?: "stored" | "duplicate" | "skipped";
                                /** @description why it was skipped, or what default was used */
                                reason?: string;
                                subject_id?: string;
                                vector?: string;
                                /** @description stored, but will not corroborate: e.g. a vector outside the shared vocabulary */
                                warning?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            skipped?: number;
                            stored?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signals/webhook/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generic webhook mapped through configured JSONPath expressions (optional HMAC-SHA256 signature)
         * @description The webhook must be configured in the tenant's policy (`webhooks.<name>`; the PUT /v1/config/correlation example configures `scrubber`), else 404. With a `secret`, the body needs its HMAC-SHA256 in the signature header (else 401 `invalid_signature`).
         *
         *     Needs scope `signal:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example scrubber */
                    name: string;
                };
                cookie?: never;
            };
            /** @description one event or an array of events; the fields are whatever the configured mapping reads (see the `scrubber` webhook in the PUT /v1/config/correlation example) */
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "id": "evt-20261201-0042",
                     *       "event": "attack",
                     *       "target": {
                     *         "ip": "203.0.113.7"
                     *       },
                     *       "attack": {
                     *         "kind": "udp_flood"
                     *       },
                     *       "score": 90
                     *     }
                     */
                    "application/json": {
                        [key: string]: unknown;
                    } | {
                        [key: string]: unknown;
                    }[];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "stored": 1,
                         *       "duplicates": 0,
                         *       "skipped": 0,
                         *       "results": [
                         *         {
                         *           "index": 0,
                         *           "fingerprint": "4e0c60ebf55257b7",
                         *           "status": "firing",
                         *           "outcome": "stored",
                         *           "subject_id": "10.0.0.5",
                         *           "vector": "udp_flood",
                         *           "confidence": 0.9
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            duplicates?: number;
                            results?: ({
                                confidence?: number;
                                ended?: boolean;
                                index?: number;
                                /** @enum {string} */
                                outcome?: "stored" | "duplicate" | "skipped";
                                /** @description why it was skipped, or what default was used */
                                reason?: string;
                                subject_id?: string;
                                vector?: string;
                                /** @description stored, but will not corroborate: e.g. a vector outside the shared vocabulary */
                                warning?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            skipped?: number;
                            stored?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too Many Requests: retry after `Retry-After` seconds; nothing stored */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subject_type}/{subject_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject's current state: the latest unexpired signal per signal_key
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example example.com */
                    subject_id: string;
                    /** @example domain */
                    subject_type: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "subject_type": "domain",
                         *       "subject_id": "example.com",
                         *       "signals": [
                         *         {
                         *           "id": "48213",
                         *           "source": "cert_scan",
                         *           "subject_type": "domain",
                         *           "subject_id": "example.com",
                         *           "signal_key": "cert.expiry_days",
                         *           "signal_value": {
                         *             "value": 12,
                         *             "issuer": "R3"
                         *           },
                         *           "severity": "medium",
                         *           "observed_at": "2026-12-01T10:00:00Z",
                         *           "ttl_seconds": 86400,
                         *           "signal_id": null,
                         *           "ingested_at": "2026-12-01T10:00:00.412Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            signals?: {
                                id?: string;
                                /** Format: date-time */
                                ingested_at?: string;
                                /**
                                 * Format: date-time
                                 * @description RFC 3339 with offset; not in the future beyond the allowed skew, not older than retention
                                 */
                                observed_at?: string;
                                /** @enum {string|null} */
                                severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                                /**
                                 * Format: uuid
                                 * @description client id; a resend never creates a second row
                                 */
                                signal_id?: string | null;
                                /** @example cert.expiry_days */
                                signal_key?: string;
                                /** @description {"value": <native>, …metadata}; at most 16384 bytes as jsonb text */
                                signal_value?: {
                                    [key: string]: unknown;
                                };
                                /** @example cert_scan */
                                source?: string;
                                /** @description no control characters */
                                subject_id?: string;
                                /** @example endpoint */
                                subject_type?: string;
                                /** @description null = sticky */
                                ttl_seconds?: number | null;
                            }[];
                            subject_id?: string;
                            subject_type?: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenants, oldest first, with cursor pagination (operator only)
         * @description Needs scope `operator`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "tenants": [
                         *         {
                         *           "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                         *           "name": "default",
                         *           "created_at": "2026-11-30T08:00:00.000Z"
                         *         },
                         *         {
                         *           "id": "5c3e1f0a-8b2d-4c6e-9f1a-2b3c4d5e6f70",
                         *           "name": "acme",
                         *           "created_at": "2026-12-01T09:00:00.000Z"
                         *         }
                         *       ],
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            /** @description pass as cursor for the next page; null on the last */
                            next_cursor: string | null;
                            tenants: {
                                created_at?: string;
                                id?: string;
                                name?: string;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a tenant (operator only)
         * @description Needs scope `operator`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "name": "acme"
                     *     }
                     */
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "5c3e1f0a-8b2d-4c6e-9f1a-2b3c4d5e6f70",
                         *       "name": "acme"
                         *     }
                         */
                        "application/json": {
                            id?: string;
                            name?: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trust-score/mapping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's effective Trust Score mapping (source → category, weights, points, thresholds), each value's origin, and the weights its age runs on
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 2,
                         *       "defaults_version": 1,
                         *       "updated_at": "2026-12-01T09:50:00.000Z",
                         *       "updated_by": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *       "categories": {
                         *         "threat_exposure": 30,
                         *         "patch_hygiene": 20,
                         *         "agent_health": 20,
                         *         "secrets_exposure": 30
                         *       },
                         *       "sources": {
                         *         "fastnetmon": "threat_exposure",
                         *         "alertmanager": "threat_exposure",
                         *         "edr": "agent_health"
                         *       },
                         *       "severity_points": {
                         *         "info": 0,
                         *         "low": 1,
                         *         "medium": 3,
                         *         "high": 6,
                         *         "critical": 10
                         *       },
                         *       "value_thresholds": {},
                         *       "finding_severity": "medium",
                         *       "incident_points": 10,
                         *       "block_points": 5,
                         *       "tenant_age_days": 40,
                         *       "bootstrap": "30_to_90_days",
                         *       "effective_weights": {
                         *         "threat_exposure": 0.6,
                         *         "agent_health": 0.4
                         *       },
                         *       "origins": {
                         *         "sources.edr": "tenant",
                         *         "sources.fastnetmon": "hub"
                         *       },
                         *       "overrides": {
                         *         "sources": {
                         *           "edr": "agent_health"
                         *         }
                         *       },
                         *       "problems": []
                         *     }
                         */
                        "application/json": {
                            block_points?: number;
                            /** @enum {string} */
                            bootstrap?: "under_30_days" | "30_to_90_days" | "full";
                            /** @description category → configured weight */
                            categories?: {
                                [key: string]: number;
                            };
                            /** @description the hub defaults version the mapping is layered on */
                            defaults_version?: number;
                            /** @description the weights scores use now: bootstrap applied, shares of 1 over the mapped categories */
                            effective_weights?: {
                                [key: string]: number;
                            };
                            /** @enum {string} */
                            finding_severity?: "info" | "low" | "medium" | "high" | "critical";
                            incident_points?: number;
                            /** @description value path (sources.edr, finding_severity, …) → where it comes from */
                            origins?: {
                                [key: string]: "hub" | "tenant";
                            };
                            /** @description the tenant's own trust_score overrides: what PUT sets */
                            overrides?: {
                                [key: string]: unknown;
                            };
                            /** @description why stored overrides are not applied (they no longer fit the hub defaults) */
                            problems?: {
                                [key: string]: unknown;
                            }[];
                            severity_points?: {
                                [key: string]: number;
                            };
                            /** @description signal source → category; unmapped sources cost nothing */
                            sources?: {
                                [key: string]: string;
                            };
                            tenant_age_days?: number;
                            updated_at?: string | null;
                            /** @description key id */
                            updated_by?: string | null;
                            /** @description signal_key → threshold above which a numeric value is a finding */
                            value_thresholds?: {
                                [key: string]: number;
                            };
                            /** @description the tenant's policy version (0 = never changed) */
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set the tenant's Trust Score overrides (replacing its earlier ones; {} removes them) as a new policy version; 400 lists every error by path
         * @description Needs scope `admin`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description the trust_score section: any of categories, sources, severity_points, value_thresholds, finding_severity, incident_points, block_points */
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "version": 2,
                         *       "defaults_version": 1,
                         *       "updated_at": "2026-12-01T09:50:00.000Z",
                         *       "updated_by": "7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e",
                         *       "categories": {
                         *         "threat_exposure": 30,
                         *         "patch_hygiene": 20,
                         *         "agent_health": 20,
                         *         "secrets_exposure": 30
                         *       },
                         *       "sources": {
                         *         "fastnetmon": "threat_exposure",
                         *         "alertmanager": "threat_exposure",
                         *         "edr": "agent_health"
                         *       },
                         *       "severity_points": {
                         *         "info": 0,
                         *         "low": 1,
                         *         "medium": 3,
                         *         "high": 6,
                         *         "critical": 10
                         *       },
                         *       "value_thresholds": {},
                         *       "finding_severity": "medium",
                         *       "incident_points": 10,
                         *       "block_points": 5,
                         *       "tenant_age_days": 40,
                         *       "bootstrap": "30_to_90_days",
                         *       "effective_weights": {
                         *         "threat_exposure": 0.6,
                         *         "agent_health": 0.4
                         *       },
                         *       "origins": {
                         *         "sources.edr": "tenant",
                         *         "sources.fastnetmon": "hub"
                         *       },
                         *       "overrides": {
                         *         "sources": {
                         *           "edr": "agent_health"
                         *         }
                         *       },
                         *       "problems": []
                         *     }
                         */
                        "application/json": {
                            block_points?: number;
                            /** @enum {string} */
                            bootstrap?: "under_30_days" | "30_to_90_days" | "full";
                            /** @description category → configured weight */
                            categories?: {
                                [key: string]: number;
                            };
                            /** @description the hub defaults version the mapping is layered on */
                            defaults_version?: number;
                            /** @description the weights scores use now: bootstrap applied, shares of 1 over the mapped categories */
                            effective_weights?: {
                                [key: string]: number;
                            };
                            /** @enum {string} */
                            finding_severity?: "info" | "low" | "medium" | "high" | "critical";
                            incident_points?: number;
                            /** @description value path (sources.edr, finding_severity, …) → where it comes from */
                            origins?: {
                                [key: string]: "hub" | "tenant";
                            };
                            /** @description the tenant's own trust_score overrides: what PUT sets */
                            overrides?: {
                                [key: string]: unknown;
                            };
                            /** @description why stored overrides are not applied (they no longer fit the hub defaults) */
                            problems?: {
                                [key: string]: unknown;
                            }[];
                            severity_points?: {
                                [key: string]: number;
                            };
                            /** @description signal source → category; unmapped sources cost nothing */
                            sources?: {
                                [key: string]: string;
                            };
                            tenant_age_days?: number;
                            updated_at?: string | null;
                            /** @description key id */
                            updated_by?: string | null;
                            /** @description signal_key → threshold above which a numeric value is a finding */
                            value_thresholds?: {
                                [key: string]: number;
                            };
                            /** @description the tenant's policy version (0 = never changed) */
                            version?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trust-score/pareto": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lost Trust Score points by category, source, signal key or subject, costliest first, with each share and the cumulative share
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    by?: "category" | "source" | "signal_key" | "subject";
                    limit?: number;
                    /** @description only losses whose finding was observed within the last 7, 30, 90 or 365 days */
                    range?: "7d" | "30d" | "90d" | "365d";
                    subject_id?: string;
                    subject_type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "by": "category",
                         *       "range": "30d",
                         *       "since": "2026-12-01T09:00:00Z",
                         *       "subject": null,
                         *       "subjects": 2,
                         *       "computed_at": "2026-12-02T09:30:00.000Z",
                         *       "total_points": 50,
                         *       "causes_total": 2,
                         *       "causes_for_80_percent": 1,
                         *       "causes": [
                         *         {
                         *           "key": "patch_hygiene",
                         *           "points": 40,
                         *           "losses": 3,
                         *           "share": 0.8,
                         *           "cumulative_share": 0.8
                         *         },
                         *         {
                         *           "key": "agent_health",
                         *           "points": 10,
                         *           "losses": 1,
                         *           "share": 0.2,
                         *           "cumulative_share": 1
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            by?: "category" | "source" | "signal_key" | "subject";
                            causes?: {
                                cumulative_share?: number;
                                /** @description a category, source, signal key, or subject_type/subject_id */
                                key?: string;
                                /** @description how many lost-point entries (findings on subjects) it sums */
                                losses?: number;
                                /** @description points lost by this cause, summed over the subjects */
                                points?: number;
                                share?: number;
                            }[];
                            /** @description how many of the costliest causes make up 80 % of the lost points */
                            causes_for_80_percent?: number;
                            /** @description causes with lost points, before limit */
                            causes_total?: number;
                            /** @description when the newest of those scores was computed */
                            computed_at?: string | null;
                            /** @enum {string|null} */
                            range?: "7d" | "30d" | "90d" | "365d" | null;
                            /** @description losses count when their finding was observed at or after this instant (null: no range) */
                            since?: string | null;
                            subject?: {
                                subject_id?: string;
                                subject_type?: string;
                            } | null;
                            /** @description scored subjects the answer covers */
                            subjects?: number;
                            total_points?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trust-score/recompute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute the tenant's Trust Score now (every subject scored and stored, a snapshot added to the trend); answers the new score
         * @description Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "computed_at": "2026-12-02T10:00:00.000Z",
                         *       "score": 74.1,
                         *       "subjects": 1,
                         *       "mean": 74.1,
                         *       "worst_decile_mean": 74.1,
                         *       "formula_version": "quorum-trust-1",
                         *       "inputs_hash": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                         *       "categories": [
                         *         {
                         *           "name": "patch_hygiene",
                         *           "weight": 0.583333,
                         *           "score": 58.56,
                         *           "findings": 1
                         *         },
                         *         {
                         *           "name": "agent_health",
                         *           "weight": 0.416667,
                         *           "score": 95.86,
                         *           "findings": 1
                         *         }
                         *       ],
                         *       "top_losses": [
                         *         {
                         *           "subject_type": "agent",
                         *           "subject_id": "web-01",
                         *           "finding": {
                         *             "kind": "signal",
                         *             "id": "18342",
                         *             "source": "patch_scanner",
                         *             "signal_key": "patch.missing_critical",
                         *             "severity": "critical",
                         *             "value": false,
                         *             "observed_at": "2026-12-01T10:00:00Z"
                         *           },
                         *           "category": "patch_hygiene",
                         *           "penalty": 100,
                         *           "rank": 1,
                         *           "points_lost": 24.17
                         *         },
                         *         {
                         *           "subject_type": "agent",
                         *           "subject_id": "web-01",
                         *           "finding": {
                         *             "kind": "signal",
                         *             "id": "18343",
                         *             "source": "agent_monitor",
                         *             "signal_key": "agent.version_drift",
                         *             "severity": "low",
                         *             "value": "1.2.0",
                         *             "observed_at": "2026-12-01T10:00:00Z"
                         *           },
                         *           "category": "agent_health",
                         *           "penalty": 10,
                         *           "rank": 1,
                         *           "points_lost": 1.73
                         *         }
                         *       ],
                         *       "removed": 0,
                         *       "mode": "incremental",
                         *       "rescored": 12
                         *     }
                         */
                        "application/json": {
                            /** @description each category's mean score over the scored subjects */
                            categories?: {
                                findings?: number;
                                name?: string;
                                score?: number;
                                /** @description effective weight, a share of 1 (bootstrap and renormalisation applied) */
                                weight?: number;
                            }[];
                            /** Format: date-time */
                            computed_at?: string;
                            formula_version?: string;
                            inputs_hash?: string;
                            mean?: number;
                            /**
                             * @description incremental: only the subjects whose inputs changed since the previous recompute were scored, the others kept their stored scores (same result as full); full: every subject was scored (the first recompute, a new policy, weights or bootstrap phase, retention dropped signals, or too much changed)
                             * @enum {string}
                             */
                            mode?: "full" | "incremental";
                            /** @description subjects whose last finding went since the previous recompute */
                            removed?: number;
                            /** @description subjects scored by this recompute (every subject in a full one) */
                            rescored?: number;
                            score?: number;
                            /** @description subjects with a current signal */
                            subjects?: number;
                            /** @description the costliest losses across the subjects */
                            top_losses?: {
                                category?: string;
                                finding?: {
                                    /** @description the signal's row id, the block's or the incident's id */
                                    id?: string;
                                    /** @enum {string} */
                                    kind?: "signal" | "block" | "incident";
                                    /** Format: date-time */
                                    observed_at?: string;
                                    /** @enum {string|null} */
                                    severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                                    signal_key?: string;
                                    source?: string;
                                    /** @description the signal value's `value`; null for blocks and incidents */
                                    value?: unknown;
                                };
                                /** @description what the finding costs within its category (0–100) before the 1/i^1.5 combination */
                                penalty?: number;
                                /** @description the points of the 0–100 score it cost */
                                points_lost?: number;
                                /** @description its place in its category, costliest first */
                                rank?: number;
                                subject_id?: string;
                                subject_type?: string;
                            }[];
                            worst_decile_mean?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trust-score/subjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The riskiest subjects of the latest recompute, lowest score first
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description lowest score first */
                    order?: "worst";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "computed_at": "2026-12-02T09:30:00.000Z",
                         *       "subjects": [
                         *         {
                         *           "subject_type": "agent",
                         *           "subject_id": "web-01",
                         *           "score": 74.1,
                         *           "inputs_hash": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                         *           "computed_at": "2026-12-02T09:30:00.000Z",
                         *           "top_loss": {
                         *             "finding": {
                         *               "kind": "signal",
                         *               "id": "18342",
                         *               "source": "patch_scanner",
                         *               "signal_key": "patch.missing_critical",
                         *               "severity": "critical",
                         *               "value": false,
                         *               "observed_at": "2026-12-01T10:00:00Z"
                         *             },
                         *             "category": "patch_hygiene",
                         *             "penalty": 100,
                         *             "rank": 1,
                         *             "points_lost": 24.17
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description the recompute these scores come from; null before the first
                             */
                            computed_at?: string | null;
                            subjects?: {
                                /** Format: date-time */
                                computed_at?: string;
                                inputs_hash?: string;
                                score?: number;
                                subject_id?: string;
                                subject_type?: string;
                                top_loss?: {
                                    category?: string;
                                    finding?: {
                                        /** @description the signal's row id, the block's or the incident's id */
                                        id?: string;
                                        /** @enum {string} */
                                        kind?: "signal" | "block" | "incident";
                                        /** Format: date-time */
                                        observed_at?: string;
                                        /** @enum {string|null} */
                                        severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                                        signal_key?: string;
                                        source?: string;
                                        /** @description the signal value's `value`; null for blocks and incidents */
                                        value?: unknown;
                                    };
                                    /** @description what the finding costs within its category (0–100) before the 1/i^1.5 combination */
                                    penalty?: number;
                                    /** @description the points of the 0–100 score it cost */
                                    points_lost?: number;
                                    /** @description its place in its category, costliest first */
                                    rank?: number;
                                } | null;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trust-score/subjects/{type}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject's Trust Score computed now, every lost point explained, with its trend over the range
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description the trend covers this many days back from now */
                    range?: "7d" | "30d" | "90d" | "365d";
                };
                header?: never;
                path: {
                    /** @example 203.0.113.7 */
                    id: string;
                    /** @example ip */
                    type: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "subject_type": "agent",
                         *       "subject_id": "web-01",
                         *       "computed_at": "2026-12-02T10:00:00.000Z",
                         *       "score": 74.1,
                         *       "formula_version": "quorum-trust-1",
                         *       "inputs_hash": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                         *       "categories": [
                         *         {
                         *           "name": "patch_hygiene",
                         *           "weight": 0.583333,
                         *           "score": 58.56,
                         *           "findings": 1
                         *         },
                         *         {
                         *           "name": "agent_health",
                         *           "weight": 0.416667,
                         *           "score": 95.86,
                         *           "findings": 1
                         *         }
                         *       ],
                         *       "losses": [
                         *         {
                         *           "finding": {
                         *             "kind": "signal",
                         *             "id": "18342",
                         *             "source": "patch_scanner",
                         *             "signal_key": "patch.missing_critical",
                         *             "severity": "critical",
                         *             "value": false,
                         *             "observed_at": "2026-12-01T10:00:00Z"
                         *           },
                         *           "category": "patch_hygiene",
                         *           "penalty": 100,
                         *           "rank": 1,
                         *           "points_lost": 24.17
                         *         },
                         *         {
                         *           "finding": {
                         *             "kind": "signal",
                         *             "id": "18343",
                         *             "source": "agent_monitor",
                         *             "signal_key": "agent.version_drift",
                         *             "severity": "low",
                         *             "value": "1.2.0",
                         *             "observed_at": "2026-12-01T10:00:00Z"
                         *           },
                         *           "category": "agent_health",
                         *           "penalty": 10,
                         *           "rank": 1,
                         *           "points_lost": 1.73
                         *         }
                         *       ],
                         *       "unmapped": [],
                         *       "trend": {
                         *         "range": "7d",
                         *         "since": "2026-12-01T09:00:00Z",
                         *         "points": [
                         *           {
                         *             "at": "2026-12-02T09:30:00.000Z",
                         *             "score": 74.1,
                         *             "snapshots": 1
                         *           }
                         *         ],
                         *         "start": 80,
                         *         "delta": -5.9
                         *       }
                         *     }
                         */
                        "application/json": {
                            categories?: {
                                findings?: number;
                                name?: string;
                                score?: number;
                                /** @description effective weight, a share of 1 (bootstrap and renormalisation applied) */
                                weight?: number;
                            }[];
                            /** Format: date-time */
                            computed_at?: string;
                            formula_version?: string;
                            inputs_hash?: string;
                            /** @description every finding that cost points, costliest first; they add up to 100 − score */
                            losses?: {
                                category?: string;
                                finding?: {
                                    /** @description the signal's row id, the block's or the incident's id */
                                    id?: string;
                                    /** @enum {string} */
                                    kind?: "signal" | "block" | "incident";
                                    /** Format: date-time */
                                    observed_at?: string;
                                    /** @enum {string|null} */
                                    severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                                    signal_key?: string;
                                    source?: string;
                                    /** @description the signal value's `value`; null for blocks and incidents */
                                    value?: unknown;
                                };
                                /** @description what the finding costs within its category (0–100) before the 1/i^1.5 combination */
                                penalty?: number;
                                /** @description the points of the 0–100 score it cost */
                                points_lost?: number;
                                /** @description its place in its category, costliest first */
                                rank?: number;
                            }[];
                            score?: number;
                            subject_id?: string;
                            subject_type?: string;
                            /** @description one point per snapshot in the range; beyond 360 snapshots, the mean of each of 360 equal time buckets */
                            trend?: {
                                /** @description the current score minus `start` */
                                delta?: number | null;
                                points?: {
                                    /** Format: date-time */
                                    at?: string;
                                    score?: number;
                                    snapshots?: number;
                                }[];
                                /** @enum {string} */
                                range?: "7d" | "30d" | "90d" | "365d";
                                /** Format: date-time */
                                since?: string;
                                /** @description the score in force at the start of the range (the last snapshot at or before it, else the first in it) */
                                start?: number | null;
                            };
                            /** @description findings whose source maps to no category: they cost 0 */
                            unmapped?: {
                                /** @description the signal's row id, the block's or the incident's id */
                                id?: string;
                                /** @enum {string} */
                                kind?: "signal" | "block" | "incident";
                                /** Format: date-time */
                                observed_at?: string;
                                /** @enum {string|null} */
                                severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                                signal_key?: string;
                                source?: string;
                                /** @description the signal value's `value`; null for blocks and incidents */
                                value?: unknown;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trust-score/tenant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's Trust Score (latest recompute) with its categories, top losses and trend over the range
         * @description Needs scope `signal:read`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description the trend covers this many days back from now */
                    range?: "7d" | "30d" | "90d" | "365d";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "basis": "recompute",
                         *       "computed_at": "2026-12-02T09:30:00.000Z",
                         *       "score": 74.1,
                         *       "subjects": 1,
                         *       "mean": 74.1,
                         *       "worst_decile_mean": 74.1,
                         *       "formula_version": "quorum-trust-1",
                         *       "inputs_hash": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                         *       "categories": [
                         *         {
                         *           "name": "patch_hygiene",
                         *           "weight": 0.583333,
                         *           "score": 58.56,
                         *           "findings": 1
                         *         },
                         *         {
                         *           "name": "agent_health",
                         *           "weight": 0.416667,
                         *           "score": 95.86,
                         *           "findings": 1
                         *         }
                         *       ],
                         *       "top_losses": [
                         *         {
                         *           "subject_type": "agent",
                         *           "subject_id": "web-01",
                         *           "finding": {
                         *             "kind": "signal",
                         *             "id": "18342",
                         *             "source": "patch_scanner",
                         *             "signal_key": "patch.missing_critical",
                         *             "severity": "critical",
                         *             "value": false,
                         *             "observed_at": "2026-12-01T10:00:00Z"
                         *           },
                         *           "category": "patch_hygiene",
                         *           "penalty": 100,
                         *           "rank": 1,
                         *           "points_lost": 24.17
                         *         },
                         *         {
                         *           "subject_type": "agent",
                         *           "subject_id": "web-01",
                         *           "finding": {
                         *             "kind": "signal",
                         *             "id": "18343",
                         *             "source": "agent_monitor",
                         *             "signal_key": "agent.version_drift",
                         *             "severity": "low",
                         *             "value": "1.2.0",
                         *             "observed_at": "2026-12-01T10:00:00Z"
                         *           },
                         *           "category": "agent_health",
                         *           "penalty": 10,
                         *           "rank": 1,
                         *           "points_lost": 1.73
                         *         }
                         *       ],
                         *       "trend": {
                         *         "range": "7d",
                         *         "since": "2026-12-01T09:00:00Z",
                         *         "points": [
                         *           {
                         *             "at": "2026-12-02T09:30:00.000Z",
                         *             "score": 74.1,
                         *             "snapshots": 1
                         *           }
                         *         ],
                         *         "start": 80,
                         *         "delta": -5.9
                         *       }
                         *     }
                         */
                        "application/json": {
                            /**
                             * @description recompute: the latest stored recompute; live: computed now, the tenant has none yet
                             * @enum {string}
                             */
                            basis?: "recompute" | "live";
                            /** @description each category's mean score over the scored subjects */
                            categories?: {
                                findings?: number;
                                name?: string;
                                score?: number;
                                /** @description effective weight, a share of 1 (bootstrap and renormalisation applied) */
                                weight?: number;
                            }[];
                            /** Format: date-time */
                            computed_at?: string;
                            formula_version?: string;
                            inputs_hash?: string;
                            mean?: number;
                            score?: number;
                            /** @description subjects with a current signal */
                            subjects?: number;
                            /** @description the costliest losses across the subjects */
                            top_losses?: {
                                category?: string;
                                finding?: {
                                    /** @description the signal's row id, the block's or the incident's id */
                                    id?: string;
                                    /** @enum {string} */
                                    kind?: "signal" | "block" | "incident";
                                    /** Format: date-time */
                                    observed_at?: string;
                                    /** @enum {string|null} */
                                    severity?: "info" | "low" | "medium" | "high" | "critical" | null;
                                    signal_key?: string;
                                    source?: string;
                                    /** @description the signal value's `value`; null for blocks and incidents */
                                    value?: unknown;
                                };
                                /** @description what the finding costs within its category (0–100) before the 1/i^1.5 combination */
                                penalty?: number;
                                /** @description the points of the 0–100 score it cost */
                                points_lost?: number;
                                /** @description its place in its category, costliest first */
                                rank?: number;
                                subject_id?: string;
                                subject_type?: string;
                            }[];
                            /** @description one point per snapshot in the range; beyond 360 snapshots, the mean of each of 360 equal time buckets */
                            trend?: {
                                /** @description the current score minus `start` */
                                delta?: number | null;
                                points?: {
                                    /** Format: date-time */
                                    at?: string;
                                    score?: number;
                                    snapshots?: number;
                                }[];
                                /** @enum {string} */
                                range?: "7d" | "30d" | "90d" | "365d";
                                /** Format: date-time */
                                since?: string;
                                /** @description the score in force at the start of the range (the last snapshot at or before it, else the first in it) */
                                start?: number | null;
                            };
                            worst_decile_mean?: number;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's users: the caller's own; the operator may name any with `tenant_id`
         * @description Needs scope `admin`.
         */
        get: {
            parameters: {
                query?: {
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "users": [
                         *         {
                         *           "id": "0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42",
                         *           "tenantId": "5d0c2a6e-8f1b-4b7e-a3c4-9e2d1f0a7b63",
                         *           "username": "alice",
                         *           "role": "responder",
                         *           "createdAt": "2026-12-02T19:30:00.000000Z",
                         *           "createdBy": "key:9c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            users: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description `key:<id>`, `user:<id>` or `setup` */
                                createdBy: string;
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                role: "viewer" | "responder" | "admin" | "operator";
                                /** Format: uuid */
                                tenantId: string;
                                username: string;
                            }[];
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a user with a role in a tenant (the password is stored only as a scrypt hash)
         * @description `tenantId` defaults to the caller's tenant; a tenant admin may name only its own (else 403 `tenant_forbidden`). Only an operator creates `operator` users, in its own tenant (else 403 `scope_forbidden`). Usernames are lower-cased and unique on the hub (a login names no tenant): a taken one is 409 `conflict`.
         *
         *     Needs scope `admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "username": "alice",
                     *       "password": "correct horse battery staple",
                     *       "role": "responder"
                     *     }
                     */
                    "application/json": {
                        password: string;
                        /** @enum {string} */
                        role: "viewer" | "responder" | "admin" | "operator";
                        /** Format: uuid */
                        tenantId?: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42",
                         *       "tenantId": "5d0c2a6e-8f1b-4b7e-a3c4-9e2d1f0a7b63",
                         *       "username": "alice",
                         *       "role": "responder",
                         *       "createdAt": "2026-12-02T19:30:00.000000Z",
                         *       "createdBy": "key:9c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"
                         *     }
                         */
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description `key:<id>`, `user:<id>` or `setup` */
                            createdBy: string;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "viewer" | "responder" | "admin" | "operator";
                            /** Format: uuid */
                            tenantId: string;
                            username: string;
                        };
                    };
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unsupported Media Type: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a user and end its sessions: a tenant admin its own tenant's (another tenant's id is 404, like an unknown one), the operator any
         * @description Needs scope `admin`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example 0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description deleted; its sessions ended */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Bad Request: the body, a query or a path parameter breaks a rule; `field` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unauthorized: missing, unknown or revoked key or session */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Service Unavailable: the database is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        GuardrailRejection: components["schemas"]["Problem"] & {
            /** @description the guardrail that refused */
            guardrail?: string;
        };
        Problem: {
            code: string;
            detail: string;
            errors?: {
                field?: string;
                index?: number;
                message?: string;
                rule?: string;
            }[];
            /** @description the request field a 400 is about (body fields as paths, e.g. alerts[1].labels.team) */
            field?: string;
            status: number;
            title: string;
            type: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
