import { Db } from '../../database/unit-of-work';
import { ActivitiesStore } from '../activities/activities.store';
import { MealPricing } from '../activities/meal-price';
import { ChildrenStore } from '../children/children.store';

interface ActivityCard {
  pricing: MealPricing;
  /** "RESTAURATION SCOLAIRE 2026-2027", as lines name it. */
  name: string;
  /** "RESTAURATION SCOLAIRE", the guide's "Accueil". */
  accueil: string;
  establishment: string;
}

/**
 * The prices and names a billing run needs, read once per run and kept for it: the run bills at
 * the prices in force when it started. Children's names as the guide writes them ("TEST ROMEO").
 */
export class PricingCatalog {
  private readonly activities = new Map<string, ActivityCard>();
  private readonly children = new Map<string, string>();

  constructor(
    private readonly activityStore: ActivitiesStore,
    private readonly childStore: ChildrenStore,
  ) {}

  /** Loads what is not known yet. */
  async load(db: Db, activityIds: readonly string[], childIds: readonly string[]): Promise<void> {
    const newActivities = [...new Set(activityIds)].filter((id) => !this.activities.has(id));
    if (newActivities.length) {
      const activities = await this.activityStore.byIds(db, newActivities);
      const brackets = await this.activityStore.priceBracketsOf(db, newActivities);
      const establishments = new Map(
        (
          await this.activityStore.establishmentsByIds(
            db,
            activities.map((a) => a.establishmentId),
          )
        ).map((e) => [e.id, e.name]),
      );
      for (const a of activities) {
        this.activities.set(a.id, {
          pricing: {
            flatPriceCents: a.mealPriceCents,
            brackets: brackets.filter((b) => b.activityId === a.id).map((b) => ({ upToQuotient: b.upToQuotient, mealPriceCents: b.mealPriceCents })),
          },
          name: `${a.name} ${a.schoolYear}`,
          accueil: a.name,
          establishment: establishments.get(a.establishmentId) ?? '',
        });
      }
    }
    const newChildren = [...new Set(childIds)].filter((id) => !this.children.has(id));
    if (newChildren.length) {
      for (const c of await this.childStore.byIds(db, newChildren)) this.children.set(c.id, `${c.lastName} ${c.firstName}`);
    }
  }

  activity(id: string): ActivityCard {
    const card = this.activities.get(id);
    if (!card) throw new Error(`activity ${id} not loaded`);
    return card;
  }

  childName(id: string): string {
    const name = this.children.get(id);
    if (name === undefined) throw new Error(`child ${id} not loaded`);
    return name;
  }
}
