//! earn-journal against real servers: SQLite files in temporary directories, and one
//! Postgres server started for this test binary (the tests fail if it cannot start).

mod backends;
mod fake;
mod journaled;
mod support;
