-- Rate limits shared by every instance: one token bucket per key (a client address, a
-- conversation, an agent id), updated by one atomic statement.
CREATE TABLE rate_limits (
  key         text PRIMARY KEY,
  tokens      double precision NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  allowed     boolean NOT NULL DEFAULT true
);
CREATE INDEX rate_limits_by_age ON rate_limits (updated_at);

-- The verified person a booking was made for (a pseudonymous id, never the identity number),
-- so that person may manage it from another conversation too.
ALTER TABLE bookings ADD COLUMN person_id text;
