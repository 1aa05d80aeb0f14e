import { CustomScalar, Scalar } from '@nestjs/graphql';
import { GraphQLError, Kind, ValueNode } from 'graphql';
import { isLocalDate, LocalDate } from '../dates/local-date';

const invalid = (value: unknown) =>
  new GraphQLError(`Date invalide : « ${String(value).slice(0, 40)} » (format attendu AAAA-MM-JJ, jour réel).`, {
    extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_DATE' },
  });

/** `Date`: a calendar day, `2021-09-02`. Impossible days such as `2018-02-30` are refused. */
@Scalar('Date', () => DateScalarType)
export class DateScalar implements CustomScalar<string, LocalDate> {
  description = 'Jour calendaire, « 2021-09-02 ».';

  parseValue(value: unknown): LocalDate {
    if (!isLocalDate(value)) throw invalid(value);
    return value;
  }

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (isLocalDate(value)) return value;
    throw new GraphQLError('Valeur de date interne invalide.');
  }

  parseLiteral(ast: ValueNode): LocalDate {
    if (ast.kind !== Kind.STRING || !isLocalDate(ast.value)) throw invalid(ast.kind === Kind.STRING ? ast.value : ast.kind);
    return ast.value;
  }
}

/** Type token for `@Field(() => DateScalarType)`. */
export class DateScalarType {}
