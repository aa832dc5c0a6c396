-- The agents' queue: one row per handoff of a conversation to a person.
-- status: queued → active (claimed by an agent) → ended; or queued → cancelled (the user left
-- the queue) / abandoned (the user went away). An active handoff whose agent disappears goes
-- back to queued.
CREATE TABLE handoffs (
  id                bigserial PRIMARY KEY,
  conversation_id   text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  status            text NOT NULL CHECK (status IN ('queued', 'active', 'ended', 'cancelled', 'abandoned')),
  reason            text NOT NULL,
  lang              text NOT NULL,
  interpreter       boolean NOT NULL DEFAULT false,
  priority          integer NOT NULL,
  summary           text NOT NULL,
  context           jsonb NOT NULL,
  agent_id          text,
  agent_name        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  queued_at         timestamptz NOT NULL DEFAULT now(),
  claimed_at        timestamptz,
  ended_at          timestamptz,
  outcome           text,
  note              text,
  rating            integer CHECK (rating BETWEEN 1 AND 5),
  agent_seen_at     timestamptz,
  notified_position integer,
  user_gone_noted   boolean NOT NULL DEFAULT false
);

-- A conversation is in at most one open handoff: claiming and queueing cannot race into two.
CREATE UNIQUE INDEX handoffs_one_open ON handoffs (conversation_id) WHERE status IN ('queued', 'active');
CREATE INDEX handoffs_queue ON handoffs (status, priority, queued_at);

-- When the user's client last asked for activities (a user who stops polling has gone).
ALTER TABLE conversations ADD COLUMN user_seen_at timestamptz;

-- Agent console sessions (the cookie holds the id; only its SHA-256 is stored).
CREATE TABLE agent_sessions (
  id_hash     text PRIMARY KEY,
  agent_id    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

-- Failed logins per agent id, for the lock-out (shared by every instance).
CREATE TABLE agent_login_failures (
  agent_id      text PRIMARY KEY,
  failures      integer NOT NULL,
  locked_until  timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
