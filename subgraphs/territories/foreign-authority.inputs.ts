import { Field, InputType } from 'type-graphql';
import { EvidenceInput } from '../shared/evidence';
import { SourceInput } from '../shared/source';
import { TerritoryLevel } from './territory.enums';

@InputType({
  description:
    'A foreign local authority to add to the reference of who is who (`createForeignAuthority`): its country, ' +
    'tier, names as the sources give them, website and the public sources that document it.',
})
export class CreateForeignAuthorityInput {
  @Field({
    description:
      'Its country: an ISO 3166-1 alpha-2 code (`ES`), not `MA` (a Moroccan authority is in the HCP ' +
      'reference already).',
  })
  countryCode: string;

  @Field(() => TerritoryLevel, {
    description:
      'Its tier, comparable across countries: REGION, PROVINCE (département, provincia…) or MUNICIPALITY.',
  })
  level: TerritoryLevel;

  @Field(() => String, {
    nullable: true,
    description:
      'Its own word for its tier: "Commune", "Ayuntamiento", "Département", "Gemeente"… (≤ 100 characters).',
  })
  localLevel?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its name in French (`Séville`). At least one of nameFr and nameEn; ≤ 200 characters.',
  })
  nameFr?: string | null;

  @Field(() => String, { nullable: true, description: 'Its name in English (`Seville`).' })
  nameEn?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Its name in Arabic, only as a source writes it (`إشبيلية`): never a machine transliteration or translation.',
  })
  nameAr?: string | null;

  @Field(() => String, { nullable: true, description: 'Its official website: an https:// address.' })
  website?: string | null;

  @Field(() => [SourceInput], {
    description: 'The public pages that document it (at least one http:// or https:// address, at most 20).',
  })
  sources: SourceInput[];

  @Field(() => EvidenceInput, {
    nullable: true,
    description: 'What the sources say and what weakens them (quote, caveats, note).',
  })
  evidence?: EvidenceInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The id of the register row it comes from (a ministry's or a network's spreadsheet), kept as " +
      '`Territory.reference` (≤ 200 characters).',
  })
  reference?: string | null;
}

@InputType({
  description:
    'A correction of a foreign local authority (`updateForeignAuthority`): only the fields given change; ' +
    'null clears an optional one. Its country and id never change.',
})
export class UpdateForeignAuthorityInput {
  @Field(() => TerritoryLevel, { nullable: true, description: 'Its tier (REGION, PROVINCE, MUNICIPALITY).' })
  level?: TerritoryLevel | null;

  @Field(() => String, { nullable: true, description: 'Its own word for its tier; null clears it.' })
  localLevel?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its name in French; null clears it (a French or an English name must remain).',
  })
  nameFr?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its name in English; null clears it (a French or an English name must remain).',
  })
  nameEn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its name in Arabic as a source writes it (never machine-made); null clears it.',
  })
  nameAr?: string | null;

  @Field(() => String, { nullable: true, description: 'Its official website (https://); null clears it.' })
  website?: string | null;

  @Field(() => [SourceInput], {
    nullable: true,
    description: 'The public sources, replacing the ones recorded (at least one).',
  })
  sources?: SourceInput[] | null;

  @Field(() => EvidenceInput, {
    nullable: true,
    description: 'What the sources say and what weakens them, replacing what is recorded.',
  })
  evidence?: EvidenceInput | null;

  @Field(() => String, { nullable: true, description: 'The register row it comes from; null clears it.' })
  reference?: string | null;
}
