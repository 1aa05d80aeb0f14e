import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from '@nestjs/common';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 5;
export const MAX_PAGE_SIZE = 100;

/** `page` from 1, `pageSize` 5 by default (the guide's "Afficher 5 éléments / page"), 100 at most. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page, à partir de 1.' })
  @IsOptional()
  @IsInt({ message: 'La page doit être un entier.' })
  @Min(1, { message: 'La page commence à 1.' })
  page?: number;

  @Field(() => Int, { nullable: true, description: 'Éléments par page (5 par défaut, 100 au plus).' })
  @IsOptional()
  @IsInt({ message: 'La taille de page doit être un entier.' })
  @Min(1, { message: 'Au moins 1 élément par page.' })
  @Max(MAX_PAGE_SIZE, { message: `${MAX_PAGE_SIZE} éléments par page au plus.` })
  pageSize?: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  offset: number;
}

export function pageRequest(args: PageArgs): PageRequest {
  const page = args.page ?? 1;
  const pageSize = args.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  page: number;
  pageSize: number;
}

export const toPage = <T>(req: PageRequest, items: T[], totalCount: number): Page<T> => ({
  items,
  totalCount,
  page: req.page,
  pageSize: req.pageSize,
});

/** A `{ items, totalCount, page, pageSize }` GraphQL type for an item type. */
export function PageType<T>(item: Type<T>, name: string) {
  @ObjectType(name)
  class PageClass {
    @Field(() => [item]) items: T[];
    @Field(() => Int) totalCount: number;
    @Field(() => Int) page: number;
    @Field(() => Int) pageSize: number;
  }
  return PageClass;
}
