import { Link } from '../../../app/navigation';

/** A list's « Famille » cell: the family's name, a link to its file. */
export function FamilyCell({ family }: { family: { id: string; name: string } }) {
  return (
    <td>
      <Link to={`/agents/familles/${family.id}`}>{family.name}</Link>
    </td>
  );
}
