-- Safe Steps' PostgreSQL role and databases: the anonymous daily counts, and the SQL tracker
-- store if SAFE_STEPS_TRACKER_STORE=sql. Run once as the postgres superuser:
--   sudo -u postgres psql -v password="'a long random password'" -f deploy/postgresql.sql
-- The bot creates its own tables (the counts through Alembic migrations).
CREATE ROLE safe_steps LOGIN PASSWORD :password;
CREATE DATABASE safe_steps_counts OWNER safe_steps;
CREATE DATABASE safe_steps_trackers OWNER safe_steps;
