/** A property stored about a person, by the app that wrote it ('' when the person wrote it). */
export interface UserPropertiesTable {
  account_id: string;
  /** The app key of the app that wrote it, or '' for the person themself. */
  writer: string;
  property_key: string;
  /** The value as JSON text. */
  value: string;
  created_at: Date;
  updated_at: Date;
}

export interface UserPropertyTables {
  user_properties: UserPropertiesTable;
}
