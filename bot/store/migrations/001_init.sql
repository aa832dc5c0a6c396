-- Conversations of every channel; Direct Line ones carry the counter for their watermarks.
CREATE TABLE conversations (
  id            text PRIMARY KEY,
  channel       text NOT NULL,
  user_id       text NOT NULL,
  locale        text,
  started       boolean NOT NULL DEFAULT false,
  ended_at      timestamptz,
  next_seq      bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The transcript: every activity in and out, personal data masked before insert.
CREATE TABLE activities (
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq             bigint NOT NULL,
  activity        jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);

-- botbuilder Storage: conversation and user state, with an eTag for optimistic concurrency.
CREATE TABLE bot_state (
  key        text PRIMARY KEY,
  doc        jsonb NOT NULL,
  etag       bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
