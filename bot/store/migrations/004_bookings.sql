-- Meetings at NAV offices. A seat of a slot is booked at most once: the partial unique index
-- makes a second confirmed booking of the same office, start and seat impossible, whatever
-- number of instances race for it.
CREATE TABLE bookings (
  id                 bigserial PRIMARY KEY,
  reference          text NOT NULL UNIQUE,
  office_id          text NOT NULL,
  slot_start         timestamptz NOT NULL,
  slot_minutes       integer NOT NULL,
  seat               integer NOT NULL,
  topic              text NOT NULL,
  lang               text NOT NULL,
  interpreter_lang   text,
  conversation_id    text,
  status             text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  cancelled_at       timestamptz,
  cancel_reason      text
);

CREATE UNIQUE INDEX bookings_one_per_seat ON bookings (office_id, slot_start, seat) WHERE status = 'confirmed';
CREATE INDEX bookings_by_day ON bookings (office_id, slot_start);
