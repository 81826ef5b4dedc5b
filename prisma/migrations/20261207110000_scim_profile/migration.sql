-- AlterTable
ALTER TABLE "users" ADD COLUMN     "scim_profile" JSONB;
