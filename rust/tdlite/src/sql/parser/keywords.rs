//! Which words the grammar treats specially. TDengine reserves hundreds of keywords; tdlite
//! reserves only the ones that would otherwise be mistaken for names (mostly implicit aliases,
//! as in `SELECT c FROM t WHERE ...` where `where` must not become t's alias).

const RESERVED: &[&str] = &[
    "and",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "desc",
    "distinct",
    "else",
    "end",
    "false",
    "from",
    "group",
    "in",
    "is",
    "like",
    "limit",
    "not",
    "null",
    "now",
    "offset",
    "or",
    "order",
    "partition",
    "select",
    "tags",
    "then",
    "today",
    "true",
    "using",
    "values",
    "when",
    "where",
    // Starts of clauses and operators tdlite refuses by name (see below).
    "anti",
    "asof",
    "contains",
    "count_window",
    "cross",
    "event_window",
    "fill",
    "full",
    "having",
    "inner",
    "interval",
    "join",
    "left",
    "match",
    "nmatch",
    "outer",
    "range",
    "right",
    "semi",
    "session",
    "slimit",
    "sliding",
    "soffset",
    "state_window",
    "union",
    "window",
];

pub(super) fn is_reserved(word: &str) -> bool {
    RESERVED.contains(&word)
}

/// TDengine statements outside tdlite's subset, refused by name rather than as a syntax error.
/// CREATE, DROP and SHOW of other objects are refused where those are parsed.
const UNSUPPORTED_STATEMENTS: &[&str] = &[
    "alter",
    "assign",
    "balance",
    "compact",
    "explain",
    "flush",
    "grant",
    "kill",
    "merge",
    "pause",
    "recover",
    "redistribute",
    "reload",
    "reset",
    "restore",
    "resume",
    "revoke",
    "set",
    "split",
    "start",
    "stop",
    "trim",
];

/// Objects of CREATE, DROP and SHOW that TDengine has and tdlite does not implement. Any other
/// word after those verbs is a typo, answered with TDengine's syntax error.
const UNSUPPORTED_OBJECTS: &[&str] = &[
    "aggregate", "anode", "anodes", "apps", "arbgroups", "bnode", "bnodes", "cluster", "compacts", "connections",
    "create", "dnode", "dnodes", "function", "functions", "grants", "index", "indexes", "licences", "local", "mnode",
    "mnodes", "qnode", "qnodes", "queries", "retentions", "rsma", "scores", "sma", "snode", "snodes", "stream",
    "streams", "table", "tags", "transactions", "tsma", "tsmas", "user", "users", "variables", "vgroups", "view", "views",
    "vnodes",
];

pub(super) fn is_unsupported_object(word: &str) -> bool {
    UNSUPPORTED_OBJECTS.contains(&word)
}

pub(super) fn is_unsupported_statement(word: &str) -> bool {
    UNSUPPORTED_STATEMENTS.contains(&word)
}

/// The name of the TDengine query feature that `word` starts, if tdlite does not support it.
pub(super) fn unsupported_query_feature(word: &str) -> Option<&'static str> {
    Some(match word {
        "interval" => "INTERVAL",
        "session" => "SESSION",
        "state_window" => "STATE_WINDOW",
        "event_window" => "EVENT_WINDOW",
        "count_window" => "COUNT_WINDOW",
        "sliding" => "SLIDING",
        "fill" => "FILL",
        "range" => "RANGE",
        "having" => "HAVING",
        "slimit" | "soffset" => "SLIMIT/SOFFSET",
        "union" => "UNION",
        "join" | "inner" | "left" | "right" | "full" | "outer" | "cross" | "semi" | "anti"
        | "asof" | "window" => "JOIN",
        "match" | "nmatch" => "MATCH/NMATCH",
        "contains" => "CONTAINS",
        _ => return None,
    })
}
