-- CreateTable
CREATE TABLE "console_favourites" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "console_favourites_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "console_favourites_user_id_role_id_service_region_key" ON "console_favourites"("user_id", "role_id", "service", "region");

-- AddForeignKey
ALTER TABLE "console_favourites" ADD CONSTRAINT "console_favourites_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "console_favourites" ADD CONSTRAINT "console_favourites_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "aws_roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
