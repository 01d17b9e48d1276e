-- Agents: everyone who logs in. The role decides what they may do.
CREATE TABLE agents (
    id            bigserial PRIMARY KEY,
    username      text        NOT NULL UNIQUE,
    display_name  text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    password_hash text        NOT NULL,
    interface     text        UNIQUE,
    queues        text[]      NOT NULL DEFAULT '{}',
    skills        text[]      NOT NULL DEFAULT '{}',
    team          text,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Customers, ranked by value = revenue - cost to serve over the last 12 months.
CREATE TABLE customers (
    id                 bigserial PRIMARY KEY,
    external_id        text          NOT NULL UNIQUE,
    name               text          NOT NULL,
    email              text,
    revenue_12m        numeric(14,2) NOT NULL DEFAULT 0,
    cost_12m           numeric(14,2) NOT NULL DEFAULT 0,
    value              numeric(15,2) GENERATED ALWAYS AS (revenue_12m - cost_12m) STORED,
    tier               text,
    value_rank         integer,
    first_contact      date,
    last_contact       date,
    lifecycle          text,
    account_manager_id bigint REFERENCES agents (id) ON DELETE SET NULL,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX customers_value_idx ON customers (value DESC);
CREATE INDEX customers_name_idx ON customers (lower(name) text_pattern_ops);
CREATE INDEX customers_account_manager_idx ON customers (account_manager_id);

-- Phones in E.164; a number belongs to one customer.
CREATE TABLE customer_phones (
    e164        text   PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    raw         text   NOT NULL
);
CREATE INDEX customer_phones_customer_idx ON customer_phones (customer_id);

-- The relationship's history: calls, notes, complaints.
CREATE TABLE interactions (
    id          bigserial PRIMARY KEY,
    customer_id bigint      NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    agent_id    bigint REFERENCES agents (id) ON DELETE SET NULL,
    kind        text        NOT NULL,
    summary     text        NOT NULL,
    linkedid    text,
    details     jsonb
);
CREATE INDEX interactions_customer_idx ON interactions (customer_id, at DESC);
-- A call is written into the history once, however often its end is seen.
CREATE UNIQUE INDEX interactions_once_per_call ON interactions (linkedid, kind) WHERE linkedid IS NOT NULL;
