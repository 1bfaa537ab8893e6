/** The org's daily API request allowance, counted per authenticated API call. */
export class ApiLimits {
  #used = 0;

  constructor(public max: number) {}

  get used(): number {
    return this.#used;
  }

  set used(n: number) {
    this.#used = Math.max(0, Math.floor(n));
  }

  get remaining(): number {
    return Math.max(0, this.max - this.#used);
  }

  /** Counts one call; false when the allowance is already spent (the call is refused). */
  take(): boolean {
    if (this.#used >= this.max) return false;
    this.#used++;
    return true;
  }

  header(): string {
    return `api-usage=${this.#used}/${this.max}`;
  }

  reset(): void {
    this.#used = 0;
  }
}
