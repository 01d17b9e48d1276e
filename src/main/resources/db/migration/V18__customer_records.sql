-- Customers edited by hand: notes, do-not-call, and the pinyin of the name for search (filled by calldesk, which
-- knows the readings; rows from before this migration are filled at start-up).
ALTER TABLE customers ADD COLUMN notes text;
ALTER TABLE customers ADD COLUMN do_not_call boolean NOT NULL DEFAULT false;
ALTER TABLE customers ADD COLUMN name_pinyin text;          -- "zhangwei" for 张伟; a Latin name in lower case
ALTER TABLE customers ADD COLUMN name_initials text;        -- "zw" for 张伟
CREATE INDEX customers_pinyin_idx ON customers (name_pinyin text_pattern_ops);
CREATE INDEX customers_initials_idx ON customers (name_initials text_pattern_ops);
-- the rows still waiting for their reading, found without reading the whole table each batch
CREATE INDEX customers_without_pinyin_idx ON customers (id) WHERE name_pinyin IS NULL;

-- Who changed what on a customer, when and why; shown on the 360° page. Like the complaint trail, never edited.
CREATE TABLE customer_changes (
    id          bigserial PRIMARY KEY,
    customer_id bigint      NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES agents (id) ON DELETE SET NULL,
    actor       text        NOT NULL,
    changes     jsonb       NOT NULL,      -- {"field": {"from": …, "to": …}, …}
    reason      text        NOT NULL
);
CREATE INDEX customer_changes_customer_idx ON customer_changes (customer_id, at DESC, id DESC);
