import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

function firstProblem(errors: ValidationError[], prefix = ''): { field: string; message: string } {
  const e = errors[0];
  const field = prefix ? `${prefix}.${e.property}` : e.property;
  if (e.constraints) {
    const messages = Object.values(e.constraints);
    // class-validator's own English messages name the property; ours are French sentences.
    const french = messages.find((m) => !/^[a-zA-Z]+ (must|should)/.test(m)) ?? `Valeur invalide pour « ${field} ».`;
    return { field, message: french };
  }
  return firstProblem(e.children ?? [], field);
}

/** Validates inputs with class-validator; the first problem becomes BAD_USER_INPUT naming the field. */
export const validationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => {
    const { field, message } = firstProblem(errors);
    return new DomainError('BAD_USER_INPUT', 'VALIDATION_FAILED', message, { field: field.replace(/^input\./, '') });
  },
});
