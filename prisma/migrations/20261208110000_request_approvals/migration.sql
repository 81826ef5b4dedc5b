-- CreateTable
CREATE TABLE "request_approvals" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "as_admin" BOOLEAN NOT NULL,
    "comment" TEXT,
    "via" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "request_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "request_approvals_request_id_user_id_key" ON "request_approvals"("request_id", "user_id");

-- AddForeignKey
ALTER TABLE "request_approvals" ADD CONSTRAINT "request_approvals_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_approvals" ADD CONSTRAINT "request_approvals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Nobody approves their own request, whatever path the approval takes.
CREATE FUNCTION keyless_request_approval_not_own() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM access_requests WHERE id = NEW.request_id AND requester_id = NEW.user_id) THEN
    RAISE EXCEPTION 'nobody approves their own request' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER request_approvals_not_own BEFORE INSERT OR UPDATE ON request_approvals
  FOR EACH ROW EXECUTE FUNCTION keyless_request_approval_not_own();
