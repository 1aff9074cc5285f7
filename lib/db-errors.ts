/** The database cannot be opened or reached; routes answer 503 with the error envelope. */
export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}
