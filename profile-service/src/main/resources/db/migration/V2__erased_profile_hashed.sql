-- Erasure tombstones keep a one-way hash of the erased id instead of the id itself:
-- the first 16 bytes of SHA-256 over 'rapport:erased:<id>' (ErasedProfile.hashOf).
ALTER TABLE erased_profile RENAME COLUMN customer_id TO id_hash;
UPDATE erased_profile
SET id_hash = CAST(substr(encode(sha256(convert_to('rapport:erased:' || id_hash::text, 'UTF8')), 'hex'), 1, 32) AS uuid);
