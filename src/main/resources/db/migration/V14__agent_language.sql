-- The interface language each user chose ('' = not chosen: the browser's Accept-Language decides).
ALTER TABLE agents ADD COLUMN language text NOT NULL DEFAULT '';
