-- The verified person a conversation belongs to (from a signed ID token), and until when.
ALTER TABLE conversations ADD COLUMN person_id text;
ALTER TABLE conversations ADD COLUMN identity_expires_at timestamptz;

-- Demo identity provider and demo case system (the embedded default only). The identity numbers
-- are synthetic (valid check digits, no real person). Dates are kept as days from today, so the
-- demo never goes stale.
CREATE TABLE demo_people (
  id           text PRIMARY KEY,
  national_id  text NOT NULL UNIQUE,
  name         text NOT NULL,
  situation    text NOT NULL
);

CREATE TABLE demo_cases (
  reference          text PRIMARY KEY,
  national_id        text NOT NULL REFERENCES demo_people(national_id),
  benefit            text NOT NULL,
  status             text NOT NULL CHECK (status IN ('received', 'under-review', 'waiting-for-documents', 'approved', 'rejected', 'payment-stopped')),
  received_days      integer NOT NULL,
  decision_days      integer,
  documents          text,
  documents_due_days integer,
  payment_days       integer,
  payment_amount     integer,
  appeal_days        integer,
  period_from_days   integer,
  period_to_days     integer
);

INSERT INTO demo_people (id, national_id, name, situation) VALUES
  ('anna', '12038541208', 'Anna Berg', 'application received'),
  ('jonas', '04079141300', 'Jonas Lie', 'under review'),
  ('maria', '23068841240', 'Maria Kowalska', 'waiting for documents'),
  ('ahmed', '17027941249', 'Ahmed Hassan', 'approved'),
  ('olena', '09059441288', 'Olena Koval', 'rejected'),
  ('tomas', '28018341281', 'Tomas Petrauskas', 'payment stopped'),
  ('fatima', '15069041229', 'Fatima Abdi', 'several cases'),
  ('per', '01017041386', 'Per Hansen', 'no cases');

INSERT INTO demo_cases (reference, national_id, benefit, status, received_days, decision_days, documents, documents_due_days, payment_days, payment_amount, appeal_days, period_from_days, period_to_days) VALUES
  ('DAG-4K7P2Q', '12038541208', 'dagpenger', 'received', -2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('AAP-9M3X7T', '04079141300', 'aap', 'under-review', -30, 24, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('DAG-7H2W9C', '23068841240', 'dagpenger', 'waiting-for-documents', -12, NULL, 'employment-contract,termination-letter', 9, NULL, NULL, NULL, NULL, NULL),
  ('BTR-3Q8L5V', '17027941249', 'barnetrygd', 'approved', -60, NULL, NULL, NULL, 11, 3926, NULL, NULL, NULL),
  ('KST-6R4N8D', '09059441288', 'kontantstotte', 'rejected', -45, NULL, NULL, NULL, NULL, NULL, 37, NULL, NULL),
  ('DAG-2F9K4M', '28018341281', 'dagpenger', 'payment-stopped', -90, NULL, NULL, NULL, NULL, 18450, NULL, -20, -7),
  ('OVS-5T7J3H', '15069041229', 'overgangsstonad', 'approved', -120, NULL, NULL, NULL, 4, 21774, NULL, NULL, NULL),
  ('BTR-8D2P6W', '15069041229', 'barnetrygd', 'under-review', -10, 21, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('SOS-4V9C2L', '15069041229', 'sosialhjelp', 'waiting-for-documents', -3, NULL, 'bank-statement,rental-contract', 5, NULL, NULL, NULL, NULL, NULL);
