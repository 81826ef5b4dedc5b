-- CreateEnum
CREATE TYPE "DeviceAuthorizationStatus" AS ENUM ('pending', 'approved', 'denied', 'consumed');

-- CreateTable
CREATE TABLE "device_authorizations" (
    "id" TEXT NOT NULL,
    "device_code_hash" TEXT NOT NULL,
    "user_code_hash" TEXT NOT NULL,
    "status" "DeviceAuthorizationStatus" NOT NULL DEFAULT 'pending',
    "client_name" TEXT NOT NULL,
    "client_version" TEXT,
    "hostname" TEXT,
    "platform" TEXT,
    "request_ip" TEXT,
    "user_agent" TEXT,
    "interval_seconds" INTEGER NOT NULL DEFAULT 5,
    "last_polled_at" TIMESTAMPTZ(6),
    "user_id" TEXT,
    "decided_at" TIMESTAMPTZ(6),
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_authorizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cli_sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "client_name" TEXT NOT NULL,
    "client_version" TEXT,
    "hostname" TEXT,
    "platform" TEXT,
    "access_token_hash" TEXT NOT NULL,
    "access_expires_at" TIMESTAMPTZ(6) NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "created_ip" TEXT,
    "last_used_at" TIMESTAMPTZ(6),
    "last_ip" TEXT,
    "revoked_at" TIMESTAMPTZ(6),
    "revoked_reason" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cli_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cli_refresh_tokens" (
    "id" TEXT NOT NULL,
    "cli_session_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "rotated_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cli_refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
-- UNLOGGED: no WAL, so no fsync on the credential-vending path; counters lost in a crash
-- (or on a failover to a replica) only reset some limits early, which is harmless.
CREATE UNLOGGED TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(6) NOT NULL,
    "count" INTEGER NOT NULL,
    "prev_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "device_authorizations_device_code_hash_key" ON "device_authorizations"("device_code_hash");

-- CreateIndex
CREATE UNIQUE INDEX "device_authorizations_user_code_hash_key" ON "device_authorizations"("user_code_hash");

-- CreateIndex
CREATE INDEX "device_authorizations_expires_at_idx" ON "device_authorizations"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "cli_sessions_access_token_hash_key" ON "cli_sessions"("access_token_hash");

-- CreateIndex
CREATE INDEX "cli_sessions_user_id_created_at_idx" ON "cli_sessions"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "cli_sessions_expires_at_idx" ON "cli_sessions"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "cli_refresh_tokens_token_hash_key" ON "cli_refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "cli_refresh_tokens_cli_session_id_idx" ON "cli_refresh_tokens"("cli_session_id");

-- CreateIndex
CREATE INDEX "rate_limit_counters_window_start_idx" ON "rate_limit_counters"("window_start");

-- AddForeignKey
ALTER TABLE "device_authorizations" ADD CONSTRAINT "device_authorizations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cli_sessions" ADD CONSTRAINT "cli_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cli_refresh_tokens" ADD CONSTRAINT "cli_refresh_tokens_cli_session_id_fkey" FOREIGN KEY ("cli_session_id") REFERENCES "cli_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
