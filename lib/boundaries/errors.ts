import { UserError } from "@/lib/errors";

/** A boundary file Tepat refuses whole; nothing in the database was changed. */
export class BoundaryFileError extends UserError {}
