export interface FieldPath {
  /** Path segments as written, e.g. ['Account', 'Name']. */
  readonly segments: readonly string[];
  readonly pos: number;
}

export type SelectItem =
  | { readonly kind: 'field'; readonly path: FieldPath }
  | {
      readonly kind: 'count';
      readonly path: FieldPath | undefined;
      readonly alias: string | undefined;
      readonly pos: number;
    };

export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: number }
  | { readonly kind: 'null'; readonly pos: number }
  | { readonly kind: 'date'; readonly value: string; readonly pos: number }
  | { readonly kind: 'datetime'; readonly value: string; readonly pos: number }
  | {
      readonly kind: 'dateLiteral';
      readonly name: string;
      readonly n: number | undefined;
      readonly pos: number;
    };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | {
      readonly kind: 'compare';
      readonly path: FieldPath;
      readonly op: ComparisonOperator;
      readonly value: Literal;
    }
  | { readonly kind: 'like'; readonly path: FieldPath; readonly pattern: Literal }
  | {
      readonly kind: 'in';
      readonly path: FieldPath;
      readonly negated: boolean;
      readonly values: readonly Literal[] | SoqlQuery;
    }
  | {
      readonly kind: 'includes' | 'excludes';
      readonly path: FieldPath;
      readonly values: readonly Literal[];
    };

export interface OrderItem {
  readonly path: FieldPath;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

export interface SoqlQuery {
  readonly select: readonly SelectItem[];
  readonly from: { readonly name: string; readonly pos: number };
  readonly where: Condition | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}
