-- KRA PIN of the store (letter, 9 digits, letter), printed on tax invoices.
ALTER TABLE tenants ADD COLUMN kra_pin text CHECK (kra_pin ~ '^[AP][0-9]{9}[A-Z]$');
